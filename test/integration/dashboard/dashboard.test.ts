import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM, haveChromium, launchBrowser, type Browser } from './browser';
import { startLine, type LineRig } from './rig';

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');

describe('dashboard in a real headless Chromium', function () {
  this.timeout(60_000);
  let rig: LineRig;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  before(async () => {
    if (!haveChromium()) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    rig = await startLine();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    page.on('request', (r) => requests.push(r.url()));
  });

  after(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('loads with no console errors and no request leaving the gateway', async () => {
    await page.goto(rig.gateway.url + '/');
    await page.waitForSelector('[data-station="ST10"]');
    await page.locator('#conn-text', { hasText: /^Live$/ }).waitFor();
    assert.deepEqual(consoleErrors, []);
    const foreign = requests.filter((u) => !u.startsWith(rig.gateway.url + '/'));
    assert.deepEqual(foreign, []);
  });

  it('shows the serial of a start made through the API within a second', async () => {
    const { serial, result } = await rig.start();
    assert.equal(result, 0);
    // Polls the DOM (in Playwright's own world: the page's CSP forbids eval); the one limit is
    // the "within a second".
    await page
      .locator('[data-station="ST10"] .serial', { hasText: new RegExp(`^${serial}$`) })
      .waitFor({ timeout: 1000 });
  });

  it('shows devices, events, the outbox and the last label, and keeps a screenshot', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await rig.start()).result, 0);
    await page.waitForSelector('[data-device="printer:zebra1"]');
    await page.waitForSelector('#events [data-seq]');
    // The page unhides the image once it has loaded.
    const img = page.locator('#label-img');
    await img.waitFor({ state: 'visible' });
    assert.ok((await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)) > 0);
    assert.match((await page.textContent('#ob-sent')) ?? '', /^\d+$/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png') });
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(rig.gateway.url + '/')),
      [],
    );
  });
});
