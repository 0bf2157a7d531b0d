// What every browser test shares: where the demo cell is, the checks and how they are counted,
// Chromium started the one way these machines allow, and officers signed in each in a browser
// context of their own, with every failed load, script error and Content-Security-Policy
// violation collected for the test's last check.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

/** The demo cell's address. */
export const base = (process.env.FUSIONCELL_URL || 'http://127.0.0.1:8470').replace(/\/$/, '');
/** Where screenshots go. */
export const shots = process.env.FUSIONCELL_SCREENSHOTS || fileURLToPath(new URL('./screenshots/', import.meta.url));
/** How long something live may take to arrive. */
export const LIVE_WAIT = 15_000;

const password = process.env.FUSIONCELL_DEMO_PASSWORD;
let passed = 0;
let failed = 0;

/** Records one check, printed as `ok - name` or `not ok - name: detail`. */
export function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

/** Checks that `locator` becomes visible within `timeout`. */
export async function appears(name, locator, timeout = LIVE_WAIT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    return check(name, true);
  } catch (e) {
    return check(name, false, e.message.split('\n')[0]);
  }
}

/** Matches the words in order: Fluent isolates every argument with invisible marks. */
export const words = (...list) => new RegExp(list.join('.*'));

/** `datetime-local` text, in UTC, `hours` from now. */
export const local = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);

/**
 * Starts Chromium. `signIn(user, { lang, viewport })` opens a context for `user`, signs in with
 * the demo password and checks the dashboard is reached; `problems` collects every failed load,
 * script error and console error (which includes CSP violations) of every context.
 */
export async function launch() {
  if (!password) throw new Error('set FUSIONCELL_DEMO_PASSWORD to the demo accounts\' password');
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  const problems = [];
  const signIn = async (user, { lang = 'en', viewport = { width: 1280, height: 900 } } = {}) => {
    const context = await browser.newContext({ baseURL: base, viewport, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`${user}: ${e.message}`));
    page.on('console', (m) => {
      // Failed loads are reported below with their URL.
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
    check(`${user} signs in and lands on the dashboard`, new URL(page.url()).pathname === '/', page.url());
    return page;
  };
  return { browser, problems, signIn };
}

/**
 * Runs `main`, counts a crash as a failed check named after `what`, prints
 * `name: N passed, M failed` and exits non-zero on any failure.
 */
export async function finish(name, what, main) {
  try {
    await main();
  } catch (e) {
    check(`${what} ran to its end`, false, e.stack || String(e));
  }
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
