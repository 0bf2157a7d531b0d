// The console tour in a real browser (Debian's Chromium, headless).
//
// Three officers in three browser contexts: the Syrian liaison opens a de-escalation thread with
// Israel and sends a FLASH message; the Israeli liaison, whose dashboard is already open, sees it
// arrive without reloading and acknowledges it from the keyboard; the US supervisor sees the
// thread, the message and the acknowledgement arrive live; then pages switch to Arabic and Hebrew
// and are checked to run right to left. Screenshots go to ./screenshots (or
// $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node tour.mjs
// The server must be a fresh demo cell (`fusioncell demo`), whose accounts all share the password.
// Prints one line per check, then `tour: N passed, M failed`; exits non-zero on any failure.

import { join } from 'node:path';

import { appears, check, finish, launch, shots } from './harness.mjs';

/** Passes when `locator` becomes visible within `timeout`. */

/** Marks the page's window: the mark survives only as long as no navigation happens. */
async function mark(page) {
  await page.evaluate(() => {
    window.tourMark = 'still the same page';
  });
}

async function stillMarked(page) {
  return (await page.evaluate(() => window.tourMark)) === 'still the same page';
}

async function main() {
  const { browser, problems, signIn } = await launch();
  try {

    const israel = await signIn('il.liaison');
    const supervisor = await signIn('us.supervisor');
    const syria = await signIn('sy.liaison');

    // Keyboard: the first Tab reaches the skip link.
    await israel.keyboard.press('Tab');
    check('the first Tab focuses the skip link', await israel.evaluate(() => document.activeElement?.classList.contains('skip-link')));

    await mark(israel);
    await supervisor.goto('/threads?track=de-escalation');
    await mark(supervisor);
    await appears('the dashboard shows it is live', israel.locator('#live:not(.off)'));
    await appears('the thread list shows it is live', supervisor.locator('#live:not(.off)'));

    // Syria opens a de-escalation thread with Israel and sends a FLASH message, in Arabic.
    const stamp = new Date().toISOString().slice(11, 19);
    const subject = `تحركات قرب القنيطرة ${stamp}`;
    const text = `نبلغكم بتحرك قافلة إمداد قرب القنيطرة. نطلب تأكيد الاستلام. ${stamp}`;
    await syria.goto('/threads/new');
    await syria.selectOption('#field-track', 'de-escalation');
    await syria.check('#party-il');
    await syria.fill('#field-subject', subject);
    await syria.selectOption('#field-subject-lang', 'ar');
    await syria.fill('#field-text', text);
    await syria.selectOption('#field-text-lang', 'ar');
    await syria.check('#priority-flash');
    await syria.click('form.stack button[type=submit]');
    await syria.waitForURL(/\/threads\/t-[0-9a-f]+$/);
    check('the thread opens on its own page', /\/threads\/t-[0-9a-f]+$/.test(syria.url()), syria.url());
    await appears('the sender sees the FLASH message', syria.locator('.message.flash .text', { hasText: text }));
    await mark(syria);

    // Israel's open dashboard receives it live.
    const incoming = israel.locator('#dashboard .panel.urgent .message.flash', { hasText: text });
    await appears('the FLASH message arrives on the open dashboard', incoming);
    check('it arrived without a page load', await stillMarked(israel));
    await appears('it says acknowledgement means receipt, not agreement', incoming.locator('.note', { hasText: 'does not mean agreement' }), 2000);
    const countdown = incoming.locator('.countdown');
    const before = await countdown.textContent();
    await israel.waitForTimeout(2200);
    const after = await countdown.textContent();
    check('the deadline countdown ticks', before !== after && /^\d\d:\d\d:\d\d$/.test(after ?? ''), `${before} → ${after}`);

    // The supervisor's open thread list receives the thread live, then opens it.
    const listed = supervisor.locator('#threads a.subject', { hasText: subject });
    await appears('the supervisor sees the new thread arrive', listed);
    check('the thread list updated without a page load', await stillMarked(supervisor));
    await listed.click();
    await supervisor.waitForURL(/\/threads\/t-/);
    await appears('the supervisor sees the FLASH message', supervisor.locator('.message.flash .text', { hasText: text }));
    await mark(supervisor);

    // Israel acknowledges from the keyboard.
    const acknowledge = incoming.locator('button.primary');
    await acknowledge.focus();
    await israel.keyboard.press('Enter');
    await israel.waitForLoadState('domcontentloaded');
    await israel.locator('#dashboard').waitFor();
    check(
      'after acknowledging, nothing is left to acknowledge',
      (await israel.locator('#dashboard .panel.urgent .message', { hasText: text }).count()) === 0,
    );

    // The supervisor and the sender see the acknowledgement arrive.
    await appears('the supervisor sees the acknowledgement arrive', supervisor.locator('.receipt.acknowledged', { hasText: 'il.liaison' }));
    check('the supervisor\'s page updated without a page load', await stillMarked(supervisor));
    await appears('the sender sees the acknowledgement arrive', syria.locator('.receipt.acknowledged'));
    check('the sender\'s page updated without a page load', await stillMarked(syria));
    await supervisor.screenshot({ path: join(shots, 'thread-en-laptop.png'), fullPage: true });

    // Israel switches to Arabic: the page turns right to left.
    await israel.selectOption('#language-select', 'ar');
    await israel.click('header form[action="/language"] button');
    await israel.waitForLoadState('domcontentloaded');
    const dir = await israel.getAttribute('html', 'dir');
    const lang = await israel.getAttribute('html', 'lang');
    check('in Arabic the page runs right to left', dir === 'rtl' && lang === 'ar', `lang=${lang} dir=${dir}`);
    await israel.screenshot({ path: join(shots, 'dashboard-ar-laptop.png'), fullPage: true });
    await israel.goto(new URL(syria.url()).pathname);
    check('the thread page stays in Arabic', (await israel.getAttribute('html', 'dir')) === 'rtl');
    await appears('the message shows in the Arabic page', israel.locator('.message.flash .text', { hasText: text }), 2000);
    await israel.screenshot({ path: join(shots, 'thread-ar-laptop.png'), fullPage: true });

    // The sender, on a phone, switches to Hebrew.
    await syria.setViewportSize({ width: 390, height: 844 });
    await syria.selectOption('#language-select', 'he');
    await syria.click('header form[action="/language"] button');
    await syria.waitForLoadState('domcontentloaded');
    check('in Hebrew the page runs right to left', (await syria.getAttribute('html', 'dir')) === 'rtl');
    const overflow = await syria.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check('on a phone nothing overflows sideways', overflow <= 0, `${overflow}px too wide`);
    await syria.screenshot({ path: join(shots, 'thread-he-phone.png'), fullPage: true });

    check('no failed loads, script errors or Content-Security-Policy violations', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
}

await finish('tour', 'the tour', main);
