// Fusion Cell console, de-escalation pages: pan and zoom of the map, the notify form's check
// as it is filled in, and live refreshes when de-escalation events arrive.
//
// Everything here is an enhancement: the map has pan and zoom links, the form posts and is
// checked by the server, and pages are complete without the script.
'use strict';

(() => {
  // --- Pan and zoom -------------------------------------------------------------------------

  // Keeps the view of a map across refreshes of the page's live part.
  let kept = null;

  const setUpMap = (svg) => {
    const [lon0, lat1, degX, degY, width, maxZoom, marker] = svg.dataset.geometry.split(' ').map(Number);
    let [x, y, w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    const ratio = h / w;
    const minW = width / 2 ** maxZoom;
    const figure = svg.closest('.map-figure');
    const controls = figure ? [...figure.querySelectorAll('.map-controls a')] : [];

    const zoomOf = () => Math.max(0, Math.min(maxZoom, Math.round(Math.log2(width / w))));
    const centre = () => ({ lon: lon0 + (x + w / 2) * degX, lat: lat1 - (y + h / 2) * degY });

    const apply = () => {
      svg.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
      const r = (marker * w) / width;
      for (const c of svg.querySelectorAll('circle.marker')) c.setAttribute('r', String(r));
      const { lon, lat } = centre();
      // The pan and zoom links, and the address on the map page, follow the view.
      for (const a of controls) {
        const url = new URL(a.href);
        const z = Number(url.searchParams.get('zoom'));
        const step = z - zoomOf();
        url.searchParams.set('lon', lon.toFixed(4));
        url.searchParams.set('lat', lat.toFixed(4));
        url.searchParams.set('zoom', String(zoomOf() + Math.sign(step)));
        a.href = url.pathname + url.search;
      }
      if (location.pathname === '/map') {
        const url = new URL(location.href);
        url.searchParams.set('lon', lon.toFixed(4));
        url.searchParams.set('lat', lat.toFixed(4));
        url.searchParams.set('zoom', String(zoomOf()));
        history.replaceState(null, '', url.pathname + url.search + url.hash);
        const live = document.querySelector('[data-live-fragment^="/map-fragment"]');
        if (live) live.dataset.liveFragment = `/map-fragment${url.search}`;
      }
      kept = { x, y, w, h };
    };

    // Units of the view per pixel on screen.
    const unit = () => w / svg.getBoundingClientRect().width;

    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      const box = svg.getBoundingClientRect();
      const fx = (e.clientX - box.left) / box.width;
      const fy = (e.clientY - box.top) / box.height;
      const factor = e.deltaY < 0 ? 0.5 : 2;
      const nw = Math.max(minW, Math.min(width, w * factor));
      if (nw === w) return;
      x += (w - nw) * fx;
      y += (w - nw) * ratio * fy;
      w = nw;
      h = nw * ratio;
      apply();
    }, { passive: false });

    let drag = null;
    let moved = false;
    svg.addEventListener('pointerdown', (e) => {
      drag = { px: e.clientX, py: e.clientY, x, y };
      moved = false;
    });
    svg.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.px;
      const dy = e.clientY - drag.py;
      if (!moved && Math.hypot(dx, dy) < 4) return;
      if (!moved) svg.setPointerCapture(e.pointerId);
      moved = true;
      svg.classList.add('dragging');
      x = drag.x - dx * unit();
      y = drag.y - dy * unit();
      apply();
    });
    const end = () => {
      drag = null;
      svg.classList.remove('dragging');
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    // A drag is not a click on the shape it started on.
    svg.addEventListener('click', (e) => {
      if (moved) {
        e.preventDefault();
        moved = false;
      }
    }, true);
    // Buttons zoom and pan in place.
    for (const a of controls) {
      a.addEventListener('click', (e) => {
        const url = new URL(a.href);
        const z = Number(url.searchParams.get('zoom'));
        const lon = Number(url.searchParams.get('lon'));
        const lat = Number(url.searchParams.get('lat'));
        if (![z, lon, lat].every(Number.isFinite)) return;
        e.preventDefault();
        w = width / 2 ** z;
        h = w * ratio;
        x = (lon - lon0) / degX - w / 2;
        y = (lat1 - lat) / degY - h / 2;
        apply();
      });
    }
    if (kept) {
      ({ x, y, w, h } = kept);
      apply();
    }
  };

  const setUpMaps = (root) => {
    for (const svg of root.querySelectorAll('svg.map[data-geometry]')) setUpMap(svg);
  };
  setUpMaps(document);

  // --- The notify form ----------------------------------------------------------------------

  const form = document.getElementById('notify-form');
  if (form) {
    const panel = document.getElementById('check');
    const shapes = [...form.querySelectorAll('.shape-fields')];
    const showShape = () => {
      const chosen = form.querySelector('input[name="shape"]:checked');
      for (const set of shapes) set.hidden = chosen && set.dataset.shape !== chosen.value;
    };
    let timer = 0;
    let asked = 0;
    const check = async () => {
      timer = 0;
      const mine = ++asked;
      try {
        const res = await fetch(form.dataset.check, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
          body: new URLSearchParams(new FormData(form)),
        });
        // An answer to an older question is not shown over a newer one's.
        if (res.ok && mine === asked && panel) panel.innerHTML = await res.text();
      } catch {
        // The form still posts; the server checks it then.
      }
    };
    const later = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(check, 350);
    };
    form.addEventListener('input', later);
    form.addEventListener('change', () => {
      showShape();
      later();
    });
    showShape();
    check();
  }

  // --- Live updates ---------------------------------------------------------------------------

  const source = document.body.dataset.events;
  const boxes = [...document.querySelectorAll('[data-live-fragment]')];
  if (!source || !boxes.length || !('EventSource' in window)) return;
  const TYPES = [
    'zone.proposed', 'zone.approved', 'zone.in_force',
    'activity.notified', 'activity.updated', 'activity.cancelled', 'activity.acknowledged', 'activity.escalated',
    'incident.reported', 'zone.entered', 'zone.exited', 'deconfliction.alert',
  ];
  const announcer = document.getElementById('map-announcer');
  let timer = 0;
  let alerted = false;
  const refresh = async () => {
    timer = 0;
    if (document.hidden) return;
    for (const box of boxes) {
      try {
        const res = await fetch(box.dataset.liveFragment, {
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
        });
        if (!res.ok || res.redirected) continue;
        box.innerHTML = await res.text();
        setUpMaps(box);
      } catch {
        // The next event tries again.
      }
    }
    if (alerted && announcer) announcer.textContent = announcer.dataset.alert;
    alerted = false;
  };
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && !timer) timer = setTimeout(refresh, 0);
  });
  const events = new EventSource(source);
  for (const type of TYPES) {
    events.addEventListener(type, () => {
      if (type === 'deconfliction.alert') alerted = true;
      if (!timer) timer = setTimeout(refresh, 150);
    });
  }
})();
