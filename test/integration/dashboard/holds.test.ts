/**
 * Holds on the dashboard, in a real headless Chromium: a signed-in user (the API token) places a
 * hold on a unit, the end station refuses it and its card shows the reason, and the user releases
 * the hold again from the list.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHROMIUM, haveChromium, launchBrowser, type Browser } from './browser';
import { TEST_TOKEN, startLine, type LineRig } from './rig';

describe('dashboard: holds and refusals', function () {
  this.timeout(60_000);
  let rig: LineRig;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    if (!haveChromium()) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    rig = await startLine();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
  });

  it('places a hold, shows the refusal on the station card, and releases the hold', async () => {
    const { serial } = await rig.start();
    await page.goto(rig.gateway.url + '/');
    await page.locator('#conn-text', { hasText: /^Live$/ }).waitFor();
    await page.selectOption('#hold-kind', 'serial');
    await page.fill('#hold-value', serial);
    await page.fill('#hold-reason', 'dropped on the floor');
    await page.fill('#hold-by', 'anna');
    await page.fill('#hold-token', 'wrong-token-000');
    await page.click('#hold-form button[type=submit]');
    await page.locator('#hold-msg', { hasText: /bearer token/ }).waitFor();
    await page.fill('#hold-token', TEST_TOKEN);
    await page.click('#hold-form button[type=submit]');
    await page.locator('#hold-msg', { hasText: 'Hold placed: 1 units held now' }).waitFor();
    await page.locator('#holds .hold', { hasText: `serial ${serial}` }).waitFor();

    await rig.scan('scan20', serial);
    const refusal = page.locator('[data-station="ST20"] .refusal');
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    assert.ok(text.includes(serial), text);
    assert.match(text, /on hold \(serial .*\): dropped on the floor/);

    page.once('dialog', (d) => void d.accept('inspected: fine'));
    await page.click(`#holds .hold button.release`);
    await page.locator('#holds-empty').waitFor({ state: 'visible' });
    const holds = (await (await fetch(rig.gateway.url + '/api/holds')).json()) as { holds: unknown[] };
    assert.deepEqual(holds.holds, []);
    assert.deepEqual(
      consoleErrors.filter((e) => !/401/.test(e)),
      [],
    );
  });
});
