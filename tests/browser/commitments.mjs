// Commitments, the timeline and the joint statement in a real browser (Debian's Chromium,
// headless), against a fresh demo cell.
//
// The Israeli liaison, in Hebrew, opens the timeline, sees the demo's overdue milestone marked,
// follows the bar to the "timeline for withdrawal" and attests the overdue milestone with
// evidence; the US supervisor verifies it; the Syrian liaison, in Arabic, reads the published
// joint statement with the English version marked authoritative and no approve button left.
// Screenshots go to ./screenshots (or $FUSIONCELL_SCREENSHOTS).
//
// Usage: FUSIONCELL_URL=http://127.0.0.1:8470 FUSIONCELL_DEMO_PASSWORD=... node commitments.mjs
// Prints one line per check, then `commitments: N passed, M failed`; exits non-zero on failure.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const base = (process.env.FUSIONCELL_URL || 'http://127.0.0.1:8470').replace(/\/$/, '');
const password = process.env.FUSIONCELL_DEMO_PASSWORD;
const shots = process.env.FUSIONCELL_SCREENSHOTS || fileURLToPath(new URL('./screenshots/', import.meta.url));
const WAIT = 15_000;

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

async function appears(name, locator, timeout = WAIT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    return check(name, true);
  } catch (e) {
    return check(name, false, e.message.split('\n')[0]);
  }
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
    const signIn = async (user, lang) => {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${user}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`${user}: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${user}: ${r.status()} for ${r.url()}`);
      });
      await page.goto(`/login?lang=${lang}`);
      await page.fill('#field-username', user);
      await page.fill('#field-password', password);
      await page.click('form.stack button[type=submit]');
      await page.waitForLoadState('domcontentloaded');
      return page;
    };
    const israel = await signIn('il.liaison', 'he');
    const supervisor = await signIn('us.supervisor', 'en');
    const syria = await signIn('sy.liaison', 'ar');

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
    await supervisor.screenshot({ path: join(shots, 'commitments-verified.png'), fullPage: true });

    await syria.goto('/meetings');
    await syria.click('a[href="/statements/paris-joint-statement"]');
    await syria.waitForURL(/\/statements\/paris-joint-statement$/);
    await appears('the authoritative version is marked', syria.locator('article.statement-version.authoritative[lang="en"]'));
    check('the statement has its three versions', (await syria.locator('article.statement-version').count()) === 3);
    check('a published statement offers no approval', (await syria.locator('form[action$="/approve"]').count()) === 0);
    await syria.screenshot({ path: join(shots, 'statement-ar.png'), fullPage: true });

    check('no failed loads, script errors or Content-Security-Policy violations', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  check('the commitments test ran to its end', false, e.stack || String(e));
}
console.log(`commitments: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
