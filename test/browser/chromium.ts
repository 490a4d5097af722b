import { existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`), or the one CHROMIUM_PATH names. Never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// CI sets CI_REQUIRE_BROWSER=1: there a missing Chromium must fail the browser tests, not skip them.
const required = process.env.CI_REQUIRE_BROWSER === '1';

/** Whether the browser tests run: Chromium is there, or CI requires it (and then a missing one fails). */
export const browserTestsRun = existsSync(CHROMIUM_PATH) || required;

if (!browserTestsRun) {
  // One line per test run, not per file: the first file to get here writes it (vitest forks a process
  // per file; they share the parent's pid).
  try {
    openSync(join(tmpdir(), `kinoyu-browser-skip-${process.ppid}`), 'wx');
    console.log(
      `browser tests skipped: Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`,
    );
  } catch {
    // Another file already said it.
  }
}

/** Starts a headless Chromium with a fresh profile (Playwright makes a new user data directory per launch). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}, and CI requires the browser tests (CI_REQUIRE_BROWSER=1): apt-get install -y chromium`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/** Collects what a page reports as an error (console errors and uncaught exceptions). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (at ${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Where screenshots go: the ones checked into git (README shows them) only with UPDATE_SCREENSHOTS=1,
 * so a plain test run never rewrites tracked files; otherwise a directory of this run under tmpdir.
 */
const SCREENSHOTS_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : mkdtempSync(join(tmpdir(), 'kinoyu-screenshots-'));

/** Takes a screenshot named `name` (see SCREENSHOTS_DIR for where it lands). */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS_DIR, name), ...options });
}
