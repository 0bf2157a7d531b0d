// Fusion Cell console: live updates and ticking countdowns.
//
// Everything here is an enhancement. Every page and form works without it: the server renders
// the whole page, forms post and redirect. The script only (1) ticks the countdowns to
// acknowledgement deadlines every second, and (2) follows the live event stream and, when
// something this page shows has changed, refetches the page's fragments from the server and puts
// them in place, keeping whatever the reader was typing or had open.
'use strict';

(() => {
  const body = document.body;

  // Countdowns follow the server's clock, not the device's, which may be off.
  const skew = Number(body.dataset.now || Date.now()) - Date.now();
  const now = () => Date.now() + skew;

  const pad = (n) => String(n).padStart(2, '0');
  // Same format as the server's first rendering: HH:MM:SS, hours unbounded.
  const clock = (ms) => {
    const s = Math.floor(Math.abs(ms) / 1000);
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  };

  const tick = () => {
    for (const el of document.querySelectorAll('[data-deadline]')) {
      const left = Number(el.dataset.deadline) - now();
      const over = left <= 0;
      el.textContent = clock(left);
      const box = el.closest('.deadline');
      if (!box) continue;
      box.classList.toggle('overdue', over);
      for (const label of box.querySelectorAll('[data-when]')) {
        label.hidden = (label.dataset.when === 'over') !== over;
      }
    }
  };
  tick();
  setInterval(tick, 1000);

  // The compose page of a report says who will see it as the releasability changes.
  const intelForm = document.getElementById('intel-form');
  const who = document.getElementById('intel-who');
  if (intelForm && who && intelForm.dataset.preview) {
    let asked = 0;
    const preview = async () => {
      const mine = ++asked;
      const data = new FormData(intelForm);
      const query = new URLSearchParams({
        track: data.get('track') || '',
        tlp: data.get('tlp') || '',
        to: data.getAll('releasable_to').join(','),
      });
      try {
        const res = await fetch(`${intelForm.dataset.preview}?${query}`, {
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
        });
        // An answer to an older question is not shown over a newer one's.
        if (res.ok && mine === asked) who.innerHTML = await res.text();
      } catch {
        // The preview button still asks the server.
      }
    };
    intelForm.addEventListener('change', preview);
  }

  const source = body.dataset.events;
  const fragments = [...document.querySelectorAll('[data-fragment]')];
  if (!source || !('EventSource' in window)) return;

  const live = document.getElementById('live');
  const setLive = (on) => {
    if (!live) return;
    live.hidden = false;
    live.classList.toggle('off', !on);
    live.textContent = on ? live.dataset.on : live.dataset.off;
  };

  const announcer = document.getElementById('announcer');
  // Event type → the announcer's data attribute holding the sentence to read out.
  const ANNOUNCED = {
    'message.posted': 'messagePosted',
    'message.acknowledged': 'messageAcknowledged',
    'message.escalated': 'messageEscalated',
    'thread.opened': 'threadOpened',
  };
  const RELEVANT = [
    'thread.opened',
    'message.posted',
    'message.translated',
    'message.delivered',
    'message.read',
    'message.acknowledged',
    'message.escalated',
    'dispute.raised',
    'dispute.acknowledged',
    'dispute.answered',
    'dispute.answer_accepted',
    'dispute.mediation_requested',
    'dispute.information_requested',
    'dispute.information_provided',
    'dispute.findings_recorded',
    'dispute.ruled',
    'dispute.ruling_answered',
    'dispute.escalated',
    'commercial.proposed',
    'commercial.moved',
    'commercial.commented',
    'report.drafted',
    'report.edited',
    'report.submitted',
    'report.corrected',
    'report.returned',
    'report.approved',
    'report.released',
    'report.acknowledged',
    'report.feedback',
    'report.corroborated',
    'report.sighted',
    'report.withdrawn',
    'report.escalated',
    'commitment.proposed',
    'commitment.approved',
    'commitment.in_force',
    'milestone.attested',
    'milestone.verified',
    'milestone.not_verified',
    'milestone.overdue',
    'meeting.scheduled',
    'minutes.drafted',
    'minutes.approved',
    'minutes.agreed',
    'statement.drafted',
    'statement.text_set',
    'statement.approved',
    'statement.published',
  ];

  // Puts fresh HTML in `box`, keeping what the reader typed, opened and focused there.
  const replace = (box, html) => {
    const values = new Map();
    for (const el of box.querySelectorAll('input[id], textarea[id], select[id]')) {
      if (el.type === 'hidden') continue;
      values.set(el.id, el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value);
    }
    const open = new Set([...box.querySelectorAll('details[id][open]')].map((d) => d.id));
    const focused = box.contains(document.activeElement) ? document.activeElement.id : '';
    box.innerHTML = html;
    for (const [id, value] of values) {
      const el = document.getElementById(id);
      if (!el || !box.contains(el)) continue;
      if (typeof value === 'boolean') el.checked = value;
      else el.value = value;
    }
    for (const id of open) {
      const d = document.getElementById(id);
      if (d) d.open = true;
    }
    if (focused) {
      const el = document.getElementById(focused);
      if (el) el.focus();
    }
  };

  const stale = new Set();
  let timer = 0;
  let said = '';

  const refresh = async () => {
    timer = 0;
    // A page nobody is looking at waits until it is shown again: showing a thread's messages
    // records that they were read, which must be true.
    if (document.hidden) return;
    const boxes = [...stale];
    stale.clear();
    for (const box of boxes) {
      try {
        const res = await fetch(box.dataset.fragment, {
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
        });
        // Signed out meanwhile, or the server is away: the page says it is no longer live.
        if (!res.ok || res.redirected) {
          setLive(false);
          continue;
        }
        replace(box, await res.text());
      } catch {
        setLive(false);
      }
    }
    tick();
    if (said && announcer) {
      announcer.textContent = said;
      said = '';
    }
  };

  const changed = (type, data) => {
    let thread = '';
    try {
      thread = JSON.parse(data).body.thread || '';
    } catch {
      // An event without a readable body still makes every fragment stale.
    }
    for (const box of fragments) {
      // A thread's page changes only with events of its own thread.
      if (box.dataset.thread && thread && box.dataset.thread !== thread) continue;
      stale.add(box);
    }
    if (ANNOUNCED[type] && announcer) said = announcer.dataset[ANNOUNCED[type]] || said;
    // A burst of events (a message and its receipts) becomes one refetch.
    if (stale.size && !timer) timer = setTimeout(refresh, 150);
  };

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && stale.size && !timer) timer = setTimeout(refresh, 0);
  });

  const events = new EventSource(source);
  events.addEventListener('open', () => setLive(true));
  events.addEventListener('error', () => setLive(events.readyState === EventSource.OPEN));
  for (const type of RELEVANT) {
    events.addEventListener(type, (e) => changed(type, e.data));
  }
})();
