// Intelligence sharing in a real browser (Debian's Chromium, headless), against a fresh demo
// cell, with the three roles in three browser contexts.
//
// The Syrian liaison keeps the intelligence inbox open. The Israeli analyst composes a report,
// ticks Syria in the releasability list and sees the preview name who will see it, then submits
// it. The US supervisor finds it in the vetting queue and approves it. The report arrives in
// Syria's open inbox without a page load; Syria acknowledges it, and the acknowledgement
// arrives on Israel's open report page. Screenshots go to ./screenshots (or $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node intel.mjs
// Prints one line per check, then `intel: N passed, M failed`; exits non-zero on failure.

import { join } from 'node:path';

import { appears, check, finish, launch, shots } from './harness.mjs';

async function main() {
  const { browser, problems, signIn } = await launch();
  try {
    const analyst = await signIn('il.analyst');
    const supervisor = await signIn('us.supervisor');
    const syria = await signIn('sy.liaison');
    const title = `Checkpoint closure near Khan Arnabeh ${Date.now()}`;

    // Syria keeps its inbox open; a mark on the window survives only without a page load.
    await syria.goto('/intel');
    await appears('Syria sees its inbox with the demo reports', syria.locator('#received a', { hasText: 'Storm over the Golan' }));
    await appears('Syria\'s inbox is live', syria.locator('#live:not(.off)'));
    await syria.evaluate(() => { window.intelMark = 'same page'; });

    // Israel composes: the preview names who will see it as the releasability changes.
    await analyst.goto('/intel/new');
    await analyst.fill('#field-title', title);
    await analyst.fill('#field-summary', 'The crossing is closed for two days.');
    await analyst.fill('#field-body', 'המחסום ייסגר ליומיים.');
    await analyst.selectOption('#field-tlp', 'AMBER');
    check('before release is chosen, only Israel and the supervisor would see it',
      !(await analyst.locator('#intel-who').innerText()).includes('Syria'));
    await analyst.check('#release-sy');
    await appears('the preview names Syria once it is ticked', analyst.locator('#intel-who dd', { hasText: 'Syria' }));
    await analyst.screenshot({ path: join(shots, 'intel-compose.png'), fullPage: true });
    await analyst.click('button[value="submit"]');
    await analyst.waitForLoadState('domcontentloaded');
    await appears('the submitted report awaits vetting', analyst.locator('#report-stage', { hasText: 'Awaiting vetting' }));
    const reportPath = new URL(analyst.url()).pathname;
    check('the analyst lands on the report page', reportPath.startsWith('/intel/reports/ir-'), reportPath);

    // Not yet in Syria's inbox: it is in vetting.
    check('Syria does not see the report in vetting', (await syria.locator(`a[href="${reportPath}"]`).count()) === 0);

    // The supervisor vets it from the queue.
    await supervisor.goto('/intel');
    await appears('the report is in the supervisor\'s vetting queue', supervisor.locator('#vetting a', { hasText: title }));
    await supervisor.click(`#vetting a[href="${reportPath}"]`);
    await appears('the report page shows the AMBER banner', supervisor.locator('.tlp-banner.tlp-amber', { hasText: 'TLP:AMBER' }));
    await supervisor.screenshot({ path: join(shots, 'intel-vetting.png'), fullPage: true });
    await supervisor.click('#approve-report');
    await supervisor.waitForLoadState('domcontentloaded');
    await appears('the approved report is released', supervisor.locator('#report-stage', { hasText: 'Released' }));

    // Israel keeps the released report open to watch for Syria's acknowledgement.
    await analyst.goto(reportPath);
    await appears('Israel\'s report page is live', analyst.locator('#live:not(.off)'));
    await analyst.evaluate(() => { window.intelMark = 'same page'; });

    // It arrives in Syria's open inbox, live.
    await appears('the report arrives in Syria\'s inbox without a page load', syria.locator('#to-acknowledge a', { hasText: title }));
    check('Syria\'s inbox page was not reloaded', (await syria.evaluate(() => window.intelMark)) === 'same page');
    await syria.click(`#to-acknowledge a[href="${reportPath}"]`);
    await syria.waitForLoadState('domcontentloaded');
    await appears('Syria sees the marking banner', syria.locator('.tlp-banner.tlp-amber'));
    await syria.click('#acknowledge-report');
    await syria.waitForLoadState('domcontentloaded');
    await appears('Syria\'s acknowledgement is recorded', syria.locator('#responses strong', { hasText: 'Acknowledged' }));
    await syria.screenshot({ path: join(shots, 'intel-acknowledged.png'), fullPage: true });

    // Israel sees the acknowledgement arrive, then nobody left to acknowledge on a fresh load.
    await appears('Israel sees Syria\'s acknowledgement arrive live', analyst.locator('#responses li', { hasText: 'Syria' }));
    check('Israel\'s report page was not reloaded', (await analyst.evaluate(() => window.intelMark)) === 'same page');
    await analyst.reload();
    check('nobody is left to acknowledge', (await analyst.locator('#missing').count()) === 0);

    check('no failed loads, script errors or Content-Security-Policy violations', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
}

await finish('intel', 'the intelligence test', main);
