/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser build), headless, with
 * a fresh profile that is removed again. `.ci/run` installs the `chromium` package.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from '../../helpers/tmp';

export const CHROMIUM = process.env.LINEGATE_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A browser context and its cleanup (closes the browser, removes the profile). */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** true when the Chromium binary is installed. */
export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Launches Chromium with a fresh user-data-dir, at the size of a 10-inch panel. */
export async function launchBrowser(): Promise<Browser> {
  const profile = tempDir('linegate-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    // Chromium's crash database and caches go under $HOME: keep them in the throwaway profile.
    env: { ...process.env, HOME: profile.dir, XDG_CONFIG_HOME: profile.dir, XDG_CACHE_HOME: profile.dir },
  });
  return {
    context,
    async close() {
      await context.close();
      profile.cleanup();
    },
  };
}
