// Disputes in a real browser (Debian's Chromium, headless), against a fresh demo cell, with
// three browser contexts: Syria raises a dispute against Israel; Israel, whose dispute list is
// open, sees it arrive live, acknowledges and answers; Syria sends it to mediation; the US
// supervisor asks Israel for information; Israel replies; the supervisor records findings and
// rules; both parties accept and the dispute is resolved. Screenshots go to ./screenshots (or
// $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node disputes.mjs
// Prints one line per check, then `disputes: N passed, M failed`; exits non-zero on failure.

import { join } from 'node:path';

import { appears, check, finish, launch, local, shots } from './harness.mjs';

const TITLE = `Shelling near Quneitra ${Date.now()}`;

/** Submits the step form `step` on a dispute's page, after filling its text when given. */
async function step(page, name, text) {
  const form = page.locator(`form:has(input[name=step][value="${name}"])`);
  if (text !== undefined) await form.locator('textarea[name=text]').fill(text);
  await form.locator('button[type=submit]').click();
  await page.waitForLoadState('domcontentloaded');
}

async function main() {
  const { browser, problems, signIn } = await launch();
  try {
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

await finish('disputes', 'the disputes test', main);
