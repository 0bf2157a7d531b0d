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

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const base = (process.env.FUSIONCELL_URL || 'http://127.0.0.1:8470').replace(/\/$/, '');
const password = process.env.FUSIONCELL_DEMO_PASSWORD;
const shots = process.env.FUSIONCELL_SCREENSHOTS || fileURLToPath(new URL('./screenshots/', import.meta.url));
const LIVE_WAIT = 15_000;

let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

async function appears(name, locator, timeout = LIVE_WAIT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    return check(name, true);
  } catch (e) {
    return check(name, false, e.message.split('\n')[0]);
  }
}

/** Polls `test` until it holds or `timeout` passes. */
async function until(test, timeout = LIVE_WAIT) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await test()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Matches the words in order: Fluent isolates every argument with invisible marks. */
const words = (...list) => new RegExp(list.join('.*'));

/** `datetime-local` text, in UTC, `hours` from now. */
const local = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);

async function main() {
  if (!password) throw new Error('set FUSIONCELL_DEMO_PASSWORD to the demo accounts\' password');
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  const problems = [];
  try {
    const signIn = async (user) => {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${user}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`${user}: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${user}: ${r.status()} for ${r.url()}`);
      });
      await page.goto('/login?lang=en');
      await page.fill('#field-username', user);
      await page.fill('#field-password', password);
      await page.click('form.stack button[type=submit]');
      await page.waitForLoadState('domcontentloaded');
      return page;
    };
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

try {
  await main();
} catch (e) {
  check('the de-escalation test ran to its end', false, e.stack || String(e));
}
console.log(`deescalation: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
