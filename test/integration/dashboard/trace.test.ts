/**
 * The trace page in a real headless Chromium: a unit is started (label printed on the virtual
 * Zebra), assembled with a serialized board and a lot, and completed; then the page finds it by
 * its serial, its lot and its board, shows its as-built tree, label and timeline, lists where the
 * lot was used (with a CSV export), and links between them. Screenshots at 800 and 1280 px wide
 * are kept in test-artifacts/, and the 800 px layout must not scroll sideways.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { zebraFamily } from '../../../devices/zebra/family';
import { Gateway } from '../../../src/gateway';
import { fakeFamily } from '../../helpers/fake-devices';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { CHROMIUM, haveChromium, launchBrowser, type Browser } from './browser';

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');
const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');
const LOT = 'SCR-0815';
const BOARD = 'BRD-000042';
const LINE = `    workOrder: WO-55
    label: unit
    printer: zebra1
  - id: ST20
    kind: assembly
    identify: { scanner: id20 }
    consume: { scanner: parts20 }
  - id: ST40
    kind: end
    identify: { scanner: id40 }
scanners:
  id20: { connection: { type: simulator } }
  parts20: { connection: { type: simulator } }
  id40: { connection: { type: simulator } }
printers:
  zebra1: { connection: { type: simulator } }
labels:
  unit: { template: ${TEMPLATE} }
`;

describe('trace page in a real headless Chromium', function () {
  this.timeout(90_000);
  let tmp: ReturnType<typeof tempDir>;
  let gateway: Gateway;
  let browser: Browser;
  let page: Page;
  let serial: string;
  const consoleErrors: string[] = [];
  const fakes = fakeFamily();

  before(async () => {
    if (!haveChromium()) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    tmp = tempDir('linegate-trace-');
    gateway = new Gateway({
      config: gatewayConfig(tmp.dir, LINE),
      log: silentLog,
      families: [zebraFamily, fakes],
    });
    await gateway.start();
    const res = await fetch(`${gateway.url}/api/stations/ST10/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    serial = ((await res.json()) as { serial: string }).serial;
    const scan = (name: string, text: string) => fakes.scanners_.get(name)!.scan(text);
    const events = async () =>
      (
        (await (await fetch(`${gateway.url}/api/units/${serial}`)).json()) as {
          events: Array<{ type: string }>;
        }
      ).events;
    const until = async (type: string, n = 1) => {
      for (let i = 0; (await events()).filter((e) => e.type === type).length < n; i++) {
        if (i > 400) throw new Error(`no ${type}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    scan('id20', serial);
    await new Promise((r) => setTimeout(r, 50));
    scan('parts20', BOARD);
    await until('component.consumed');
    scan('parts20', `]d2010401234500002310${LOT}`);
    await until('component.consumed', 2);
    scan('id40', serial);
    await until('unit.completed');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    tmp?.cleanup();
  });

  const shot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  };
  const noSidewaysScroll = async () =>
    assert.ok(
      await page.locator('html').evaluate((el) => el.scrollWidth <= el.clientWidth + 1),
      'nothing is cut off or scrolls sideways',
    );

  for (const width of [1280, 800]) {
    it(`finds the unit by its serial and shows as-built tree, label and timeline (${width} px)`, async () => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(gateway.url + '/');
      await page.fill('#trace-q', serial);
      await page.press('#trace-q', 'Enter');
      await page.locator(`[data-unit="${serial}"]`).waitFor();
      assert.match((await page.textContent('.unit-facts')) ?? '', /completed/);
      assert.ok(await page.locator(`.tree [data-component="${BOARD}"]`).isVisible());
      assert.ok(await page.locator(`.tree [data-component="${LOT}"]`).isVisible());
      assert.match((await page.textContent('#trace-body')) ?? '', /zebra1/);
      const timeline = (await page.locator('#timeline tbody tr').allTextContents()).join('\n');
      for (const t of ['unit.started', 'label.printed', 'component.consumed', 'unit.completed'])
        assert.match(timeline, new RegExp(t.replace('.', '\\.')));
      await noSidewaysScroll();
      await shot(`trace-unit-${width}.png`);
    });

    it(`lists where the lot was used, with status, last station and a CSV export (${width} px)`, async () => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${gateway.url}/#/search?q=${LOT}`);
      await page.locator(`#where-used [data-serial="${serial}"]`).waitFor();
      const row = (await page.locator(`#where-used [data-serial="${serial}"]`).textContent()) ?? '';
      assert.match(row, /completed/);
      assert.match(row, /ST40/);
      const csvHref = await page.getAttribute('#csv-link', 'href');
      const csv = await (await fetch(gateway.url + csvHref)).text();
      assert.equal(csv.split('\r\n')[0], 'serial,status,partNumber,workOrder,lastStation,lastEvent,lastTime');
      assert.match(
        csv.split('\r\n')[1],
        new RegExp(`^${serial},completed,PN-100,WO-55,ST40,unit.completed,`),
      );
      await noSidewaysScroll();
      await shot(`trace-where-used-${width}.png`);
      // the link goes to the unit, whose board links back to its where-used list
      await page.click(`#where-used a:text("${serial}")`);
      await page.locator(`[data-unit="${serial}"]`).waitFor();
      await page.click(`.tree a:text("${BOARD}")`);
      await page.locator(`#where-used [data-serial="${serial}"]`).waitFor();
    });
  }

  it('the line view fits 800 px too, and a search that finds nothing says so', async () => {
    await page.setViewportSize({ width: 800, height: 800 });
    await page.goto(gateway.url + '/');
    await page.waitForSelector('[data-station="ST10"]');
    await noSidewaysScroll();
    await shot('dashboard-800.png');
    await page.fill('#trace-q', 'NO-SUCH-THING');
    await page.press('#trace-q', 'Enter');
    await page.locator('#trace-message', { hasText: /Nothing found for NO-SUCH-THING/ }).waitFor();
    assert.deepEqual(consoleErrors, []);
  });
});
