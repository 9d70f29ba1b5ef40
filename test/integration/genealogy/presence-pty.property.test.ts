/**
 * The presence property on real pseudo-terminals: the same scripts and oracle as the core suite
 * (line-script.ts), played by a writer process into socat pty pairs, read by the real drivers
 * (uhf-bb7e reader, line scanner) of lines built as the gateway builds them. Real time cannot
 * decide what happens within a few ms of an edge, so the scripts are played at 0.4x their length
 * (window 120 ms) and keep 35 ms clear of the window's edges (clearOfEdges); the core suite covers
 * the edges to the millisecond. Several lanes (independent lines) play at once.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SerialTagReader } from '../../../devices/rfid/reader';
import { createReaderProtocol } from '../../../devices/rfid/protocols';
import { tagNotice } from '../../../devices/rfid/protocols/uhf-bb7e';
import { SerialScanner } from '../../../devices/scanner/scanner';
import { buildLine } from '../../../src/line/build';
import type { Line } from '../../../src/line/line';
import { systemClock, type BarcodeScanner, type TagReader } from '../../../src/ports';
import { Journal } from '../../../src/store/journal';
import { openStore, type Store } from '../../../src/store/store';
import { FakeReader } from '../../helpers/fake-devices';
import { PtyWriter, type PlannedWrite } from '../../helpers/pty-writer';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { WINDOW_MS, clearOfEdges, layOut, oracle, scriptArbitrary, type ScriptEvent } from './line-script';
import { SCRIPT_LINE, assertMatches, observe, scriptConfig } from './script-check';

const SCALE = 0.4;
const WINDOW = WINDOW_MS * SCALE;
const MARGIN = 35;
const LANES = 4;
const CASES = Number(process.env.RUNS_PTY ?? 200);
const PORTS = ['rA', 'rB', 'rE', 'sA', 'sB'];

interface Lane {
  line: Line;
  r10: FakeReader;
  devices: Array<SerialTagReader | SerialScanner>;
}

describe('property: presence and genealogy against the oracle (real drivers on ptys)', function () {
  this.timeout(300_000);
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let journal: Journal;
  let writer: PtyWriter;
  const lanes: Lane[] = [];
  let checked = 0;
  const config = scriptConfig(
    SCRIPT_LINE.replaceAll(`dedupWindowMs: ${WINDOW_MS}`, `dedupWindowMs: ${WINDOW}`),
  );

  before(async () => {
    tmp = tempDir();
    store = await openStore(tmp.dir);
    journal = new Journal(store, { gatewayId: 'gw-pty', clock: systemClock });
    writer = new PtyWriter();
    await writer.start(LANES * PORTS.length);
    for (let l = 0; l < LANES; l++) {
      const ctx = (name: string) => ({ name, log: silentLog, clock: systemClock, dataDir: tmp.dir });
      const path = (name: string) => writer.paths[l * PORTS.length + PORTS.indexOf(name)];
      const readers = new Map<string, TagReader>();
      const scanners = new Map<string, BarcodeScanner>();
      const devices: Lane['devices'] = [];
      for (const name of ['rA', 'rB', 'rE']) {
        const reader = new SerialTagReader({
          ctx: ctx(name),
          address: { path: path(name), baudRate: 115200 },
          protocol: createReaderProtocol('uhf-bb7e', {}),
          dedupWindowMs: WINDOW,
        });
        readers.set(name, reader);
        devices.push(reader);
      }
      for (const name of ['sA', 'sB']) {
        const scanner = new SerialScanner({ ctx: ctx(name), address: { path: path(name), baudRate: 9600 } });
        scanners.set(name, scanner);
        devices.push(scanner);
      }
      const r10 = new FakeReader('r10');
      readers.set('r10', r10);
      const line = buildLine({
        config,
        devices: { printers: new Map(), readers, scanners },
        store,
        journal,
        clock: systemClock,
        log: silentLog,
      });
      for (const d of devices) await d.start();
      await line.start();
      lanes.push({ line, r10, devices });
    }
  });
  after(async () => {
    for (const lane of lanes) {
      await lane.line.stop(2000);
      for (const d of lane.devices) await d.stop();
    }
    await writer?.stop();
    await journal?.close();
    await store?.close();
    tmp?.cleanup();
    console.log(`      ${checked} scripts checked on ptys (${LANES} lanes at once)`);
  });

  /** Plays one script per lane at once; checks each against the oracle. */
  async function round(scripts: ScriptEvent[][]): Promise<void> {
    const writes: PlannedWrite[] = [];
    const units: string[][] = scripts.map(() => []);
    const starts: Array<{ at: number; lane: number; epc: string }> = [];
    const before = lanes.map((lane) => counters(lane));
    scripts.forEach((events, l) => {
      const port = (name: string) => l * PORTS.length + PORTS.indexOf(name);
      for (const e of events) {
        if (e.kind === 'read')
          writes.push([e.t, port(`r${e.station}`), tagNotice({ epc: e.epc, rssi: -50 })]);
        else if (e.kind === 'scan')
          writes.push([e.t, port(`s${e.station}`), Buffer.from(`${e.text}\r\n`, 'latin1')]);
        else if (e.kind === 'start') starts.push({ at: e.t, lane: l, epc: e.epc });
      }
    });
    writes.sort((a, b) => a[0] - b[0]);
    const lead = 60;
    const t0 = Date.now() + lead;
    // Starts run here, in order per lane, at their times: the carrier's read at ST10, then the start.
    const chains = lanes.map(() => Promise.resolve());
    const timers = starts.map(({ at, lane, epc }) =>
      setTimeout(
        () => {
          chains[lane] = chains[lane].then(async () => {
            lanes[lane].r10.read(epc);
            const outcome = await lanes[lane].line.startCycle('ST10');
            assert.ok(typeof outcome === 'object' && outcome.serial, JSON.stringify(outcome));
            units[lane].push(outcome.serial);
          });
        },
        t0 + at - Date.now(),
      ),
    );
    await writer.play(writes, t0 - Date.now());
    const end = Math.max(0, ...scripts.flat().map((e) => e.t));
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + end + WINDOW + 50 - Date.now())));
    timers.forEach(clearTimeout);
    await Promise.all(chains);
    for (const lane of lanes) for (const s of lane.line.lineStations.values()) await s.idle();
    for (const [l, events] of scripts.entries()) {
      const now = counters(lanes[l]);
      const got = await observe(store, units[l], events, {
        consumed: now.consumed - before[l].consumed,
        refused: now.refused - before[l].refused,
      });
      try {
        assertMatches(got, oracle(events, WINDOW), events);
      } catch (err) {
        const why = [...lanes[l].line.lineStations.values()].map((s) => `${s.id}: ${s.stats.lastRefusal}`);
        (err as Error).message += `\nlast refusals: ${why.join('; ')}\nunits: ${units[l].join(', ')}`;
        throw err;
      }
      checked++;
    }
  }

  function counters(lane: Lane): { consumed: number; refused: number } {
    let consumed = 0;
    let refused = 0;
    for (const s of lane.line.lineStations.values()) {
      consumed += s.stats.consumed;
      refused += s.stats.refused;
    }
    return { consumed, refused };
  }

  it(`holds for ${CASES} random scripts played on ptys`, async () => {
    let n = 0;
    const scripts = fc.sample(scriptArbitrary(4), {
      numRuns: CASES,
      seed: Number(process.env.SEED_PTY ?? 12),
    });
    for (let i = 0; i < scripts.length; i += LANES) {
      const batch = scripts.slice(i, i + LANES).map((steps) => {
        n++;
        const events = layOut(steps, 0, `p${n}x`, { scale: SCALE, travelMs: 2 * MARGIN, noRestarts: true });
        return clearOfEdges(events, WINDOW, MARGIN);
      });
      await round(batch);
    }
    assert.equal(checked, CASES);
  });
});
