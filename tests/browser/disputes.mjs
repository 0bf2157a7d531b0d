// Disputes in a real browser (Debian's Chromium, headless), against a fresh demo cell, with
// three browser contexts: Syria raises a dispute against Israel; Israel, whose dispute list is
// open, sees it arrive live, acknowledges and answers; Syria sends it to mediation; the US
// supervisor asks Israel for information; Israel replies; the supervisor records findings and
// rules; both parties accept and the dispute is resolved. Screenshots go to ./screenshots (or
// $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node disputes.mjs
// Prints one line per check, then `disputes: N passed, M failed`; exits non-zero on failure.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const base = (process.env.FUSIONCELL_URL || 'http://127.0.0.1:8470').replace(/\/$/, '');
const password = process.env.FUSIONCELL_DEMO_PASSWORD;
const shots = process.env.FUSIONCELL_SCREENSHOTS || fileURLToPath(new URL('./screenshots/', import.meta.url));
const LIVE_WAIT = 15_000;
const TITLE = `Shelling near Quneitra ${Date.now()}`;

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

/** `datetime-local` text, in UTC, `hours` from now. */
const local = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);

/** Submits the step form `step` on a dispute's page, after filling its text when given. */
async function step(page, name, text) {
  const form = page.locator(`form:has(input[name=step][value="${name}"])`);
  if (text !== undefined) await form.locator('textarea[name=text]').fill(text);
  await form.locator('button[type=submit]').click();
  await page.waitForLoadState('domcontentloaded');
}

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
    const syria = await signIn('sy.liaison');
    const israel = await signIn('il.liaison');
    const supervisor = await signIn('us.supervisor');

    // Israel keeps its dispute list open; a mark on the window survives only without a load.
    await israel.goto('/disputes');
    await appears('Israel sees the demo dispute in mediation', israel.locator('table.disputes .status-in_mediation'));
    await appears('Israel\'s list is live', israel.locator('#live:not(.off)'));
    await israel.evaluate(() => { window.disputeMark = 'same page'; });

    // Syria raises the dispute.
    await syria.goto('/disputes/new');
    await syria.selectOption('#dispute-track', 'de-escalation');
    await syria.selectOption('#dispute-against', 'il');
    await syria.fill('#dispute-title', TITLE);
    await syria.fill('#dispute-what', 'Artillery rounds landed 2 km east of the line at dawn.');
    await syria.fill('#dispute-occurred', local(-2));
    await syria.fill('#dispute-lat', '33.12');
    await syria.fill('#dispute-lon', '35.84');
    if (await syria.locator('#ev-1').count()) await syria.check('#ev-1');
    await syria.click('form.compose button[type=submit]');
    await syria.waitForURL(/\/disputes\/dp-[0-9a-f]+$/);
    const path = new URL(syria.url()).pathname;
    await appears('the raiser sees the dispute raised', syria.locator('#dispute-status', { hasText: 'Raised' }));

    const row = israel.locator('table.disputes tr', { hasText: TITLE });
    await appears('the dispute arrives live at Israel', row);
    check('Israel\'s list updated without a page load', (await israel.evaluate(() => window.disputeMark)) === 'same page');
    await israel.screenshot({ path: join(shots, 'disputes-list.png'), fullPage: true });

    // Israel acknowledges and answers; Syria, on the dispute's page, sees the answer arrive.
    await israel.goto(path);
    await step(israel, 'acknowledge');
    await appears('Israel\'s acknowledgement is recorded', israel.locator('#dispute-status', { hasText: 'Acknowledged' }));
    await step(israel, 'answer', 'Counter-battery fire at a launch site; no rounds were aimed east of the line.');
    await appears('the answer arrives live at Syria', syria.locator('#dispute-answer', { hasText: 'Counter-battery' }));

    // Syria sends it to mediation; the supervisor asks Israel for information.
    await step(syria, 'mediation', 'The answer does not explain the impact sites.');
    await appears('the dispute is in mediation', syria.locator('#dispute-status', { hasText: 'In mediation' }));
    await supervisor.goto(path);
    const request = supervisor.locator('form:has(input[name=step][value="request"])');
    await request.locator('#request-party').selectOption('il');
    await request.locator('#request-kind').selectOption('information');
    await step(supervisor, 'request', 'Please share the fire log for 05:00 to 06:00.');
    await appears('the request is recorded', supervisor.locator('#request-1'));

    // Israel replies; the supervisor records findings and rules.
    await israel.goto(path);
    await step(israel, 'reply', 'Fire log attached: four rounds, all west of the line.');
    await appears('Israel\'s reply is recorded', israel.locator('#request-1 .reply'));
    await supervisor.reload();
    await step(supervisor, 'findings', 'Impact sites match rounds fired from the west; the launch site was not confirmed.');
    await step(supervisor, 'ruling', 'Israel notifies counter-battery fire within 10 km of the line in advance.');
    await appears('the ruling is issued', supervisor.locator('#dispute-ruling'));

    // Both parties accept the ruling: resolved, seen live by the supervisor.
    await israel.reload();
    await israel.locator('button[name=step][value="ruling-accept"]').click();
    await israel.waitForLoadState('domcontentloaded');
    await syria.reload();
    await syria.locator('button[name=step][value="ruling-accept"]').click();
    await syria.waitForLoadState('domcontentloaded');
    await appears('the dispute is resolved for Syria', syria.locator('#dispute-status', { hasText: 'Resolved' }));
    await appears('the resolution arrives live at the supervisor', supervisor.locator('#dispute-status', { hasText: 'Resolved' }));
    const steps = await supervisor.locator('ol.history li').count();
    check('the full history is shown', steps === 10, `${steps} steps`);
    await supervisor.screenshot({ path: join(shots, 'dispute-resolved.png'), fullPage: true });

    check('no failed loads, script errors or Content-Security-Policy violations', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  check('the disputes test ran to its end', false, e.stack || String(e));
}
console.log(`disputes: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
