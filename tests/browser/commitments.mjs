// Commitments, the timeline and the joint statement in a real browser (Debian's Chromium,
// headless), against a fresh demo cell.
//
// The Israeli liaison, in Hebrew, opens the timeline, sees the demo's overdue milestone marked,
// follows the bar to the "timeline for withdrawal" and attests the overdue milestone with
// evidence; the US supervisor verifies it; the Syrian liaison, in Arabic, reads the published
// joint statement with the English version marked authoritative and no approve button left.
// The verification appears on the Israeli liaison's open page without a reload. The Syrian
// liaison then schedules a meeting with the form, and the supervisor drafts a joint statement
// and writes its Arabic text, which the Syrian liaison's open page shows as it is saved.
// Screenshots go to ./screenshots (or $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node commitments.mjs
// Prints one line per check, then `commitments: N passed, M failed`; exits non-zero on failure.

import { join } from 'node:path';

import { appears, check, finish, launch, local, shots } from './harness.mjs';

async function main() {
  const { browser, problems, signIn } = await launch();
  try {
    const israel = await signIn('il.liaison', { lang: 'he' });
    const supervisor = await signIn('us.supervisor', { lang: 'en' });
    const syria = await signIn('sy.liaison', { lang: 'ar' });

    await israel.goto('/timeline');
    await appears('the timeline is drawn', israel.locator('svg.timeline rect.bar'));
    await appears('the overdue milestone is marked', israel.locator('svg.timeline polygon.ms-overdue'));
    check('the page is right to left', (await israel.getAttribute('html', 'dir')) === 'rtl');
    check('a line marks today', (await israel.locator('svg.timeline line.today').count()) === 1);
    await israel.screenshot({ path: join(shots, 'commitments-timeline-he.png'), fullPage: true });

    await israel.click('svg.timeline a[href="/commitments/withdrawal-timeline"] rect.bar');
    await israel.waitForURL(/\/commitments\/withdrawal-timeline$/);
    await appears('the commitment shows its overdue milestone', israel.locator('#ms-m1 .badge.overdue'));
    await israel.fill('#evidence-m1', 'העמדות הקדמיות נמסרו');
    await israel.selectOption('#evidence-lang-m1', 'he');
    await israel.fill('#links-m1', 'https://example.org/handover.jpg');
    await israel.click('#ms-m1 form button[type=submit]');
    await israel.waitForLoadState('domcontentloaded');
    await appears('the attestation is recorded', israel.locator('#ms-m1 .history li', { hasText: 'העמדות הקדמיות נמסרו' }));

    await supervisor.goto('/commitments/withdrawal-timeline');
    await supervisor.check('#verified-m1');
    await supervisor.click('#ms-m1 form button[type=submit]');
    await supervisor.waitForLoadState('domcontentloaded');
    await appears('the supervisor\'s verification is recorded', supervisor.locator('#ms-m1 .ms-swatch.ms-verified'));
    await appears('the verification appears live on the owner\'s open page', israel.locator('#ms-m1 .ms-swatch.ms-verified'));
    await supervisor.screenshot({ path: join(shots, 'commitments-verified.png'), fullPage: true });

    await syria.goto('/meetings');
    await syria.click('a[href="/statements/paris-joint-statement"]');
    await syria.waitForURL(/\/statements\/paris-joint-statement$/);
    await appears('the authoritative version is marked', syria.locator('article.statement-version.authoritative[lang="en"]'));
    check('the statement has its three versions', (await syria.locator('article.statement-version').count()) === 3);
    check('a published statement offers no approval', (await syria.locator('form[action$="/approve"]').count()) === 0);
    await syria.screenshot({ path: join(shots, 'statement-ar.png'), fullPage: true });

    await syria.goto('/meetings/new');
    await syria.fill('#meeting-title', 'اجتماع عمّان');
    await syria.fill('#meeting-starts', local(48));
    await syria.fill('#meeting-ends', local(50));
    await syria.fill('#meeting-place', 'Amman');
    await syria.check('#participant-us');
    await syria.fill('#meeting-agenda', 'المعابر\nالأسرى');
    await syria.click('form.compose button[type=submit]');
    await syria.waitForURL(/\/meetings\/mt-/);
    await appears('the meeting scheduled by form is shown', syria.locator('h1', { hasText: 'اجتماع عمّان' }));

    await supervisor.goto('/statements/new');
    await supervisor.fill('#statement-title', 'Statement on the crossings');
    await supervisor.click('form.compose button[type=submit]');
    await supervisor.waitForURL(/\/statements\/js-/);
    const statement = new URL(supervisor.url()).pathname;
    await syria.goto(statement);
    await supervisor.fill('#text-ar', 'بيان بشأن المعابر');
    await supervisor.click(`form[action="${statement}/versions/ar"] button[type=submit]`);
    await supervisor.waitForLoadState('domcontentloaded');
    await appears('the Arabic text appears live on the Syrian liaison\'s open page', syria.locator('article.statement-version[lang="ar"] .statement-text', { hasText: 'بيان بشأن المعابر' }));

    check('no failed loads, script errors or Content-Security-Policy violations', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
}

await finish('commitments', 'the commitments test', main);
