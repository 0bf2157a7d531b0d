// De-escalation in a real browser (Debian's Chromium, headless), against a fresh demo cell.
//
// The Syrian liaison and the US supervisor keep the de-escalation map open. The Israeli
// liaison fills in the notify form for an air activity over the demo's Syrian air patrol: the
// check shows the conflict before anything is sent; once sent, the conflict alert arrives on
// both open maps without a page load. Screenshots go to ./screenshots (or
// $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node deescalation.mjs
// Prints one line per check, then `deescalation: N passed, M failed`; exits non-zero on failure.

import { join } from 'node:path';

import { appears, check, finish, launch, LIVE_WAIT, local, shots, words } from './harness.mjs';

/** Polls `test` until it holds or `timeout` passes. */
async function until(test, timeout = LIVE_WAIT) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await test()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main() {
  const { browser, problems, signIn } = await launch();
  try {
    const israel = await signIn('il.liaison');
    const syria = await signIn('sy.liaison');
    const supervisor = await signIn('us.supervisor');

    // Both watchers open the map; a mark on the window survives only without a page load.
    const watchers = [['Syria', syria], ['the supervisor', supervisor]];
    const before = new Map();
    for (const [who, page] of watchers) {
      await page.goto('/map');
      await appears(`${who} sees the map`, page.locator('svg.map path.zone'));
      await appears(`${who}'s map is live`, page.locator('#live:not(.off)'));
      await page.evaluate(() => { window.deescMark = 'same page'; });
      before.set(page, await page.locator('#alerts-h + .side-list li[id^="al-"]').count());
    }

    // The map pans and zooms in place.
    const svg = syria.locator('svg.map');
    const box0 = await svg.getAttribute('viewBox');
    await svg.hover();
    await syria.mouse.wheel(0, -300);
    await syria.waitForTimeout(200);
    check('scrolling zooms the map in place', (await svg.getAttribute('viewBox')) !== box0 && /zoom=4/.test(syria.url()), syria.url());

    // Israel fills in the form over the demo's Syrian air patrol.
    await israel.goto('/activities/new');
    await israel.selectOption('#field-kind', 'air');
    await israel.check('#shape-circle');
    await israel.fill('#field-lon', '35.95');
    await israel.fill('#field-lat', '33.22');
    await israel.fill('#field-radius', '6000');
    await israel.fill('#field-start', local(31.2));
    await israel.fill('#field-end', local(32.5));
    await israel.fill('#field-lower', '4500');
    await israel.fill('#field-upper', '6500');
    await israel.fill('#field-text', 'סיור אווירי');
    await appears('the form shows the conflict before sending', israel.locator('#check .check-alerts li', { hasText: words('Conflicts with', 'Air', 'by', 'Syria') }));
    await israel.screenshot({ path: join(shots, 'deescalation-notify.png'), fullPage: true });
    await israel.fill('#field-radius', '0');
    await appears('a bad field is named as it is typed', israel.locator('#check .problem a[href="#field-radius"]'));
    await israel.fill('#field-radius', '6000');
    await israel.click('#notify-form button[type=submit]');
    await israel.waitForURL(/\/activities\/ac-[0-9a-f]+$/);
    await appears('the notifier sees the conflict alert', israel.locator('.alert-item', { hasText: words('Conflict:', 'Air', 'by', 'Israel') }));

    for (const [who, page] of watchers) {
      const alert = page.locator('#alerts-h + .side-list li[id^="al-"]', { hasText: words('Conflict:', 'Air', 'by', 'Israel') });
      await appears(`the alert arrives live at ${who}`, alert);
      check(`${who}'s map updated without a page load`, (await page.evaluate(() => window.deescMark)) === 'same page');
      const more = await until(async () => (await page.locator('#alerts-h + .side-list li[id^="al-"]').count()) > before.get(page));
      check(`${who} sees one more alert`, more);
      check(`${who}'s map kept its view`, who !== 'Syria' || /zoom=4/.test(page.url()), page.url());
    }
    await supervisor.screenshot({ path: join(shots, 'deescalation-map-supervisor.png'), fullPage: true });

    // Syria acknowledges from the activity's page.
    await syria.goto(new URL(israel.url()).pathname);
    await syria.click('form.acknowledge button');
    await syria.waitForLoadState('domcontentloaded');
    await appears('Syria\'s acknowledgement is recorded', syria.locator('dt', { hasText: words('Acknowledged by', 'Syria') }));

    check('no failed loads, script errors or Content-Security-Policy violations', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
}

await finish('deescalation', 'the de-escalation test', main);
