/**
 * `npm start` on a machine with Node and npm only: the demo config runs as a real gateway process
 * with a PATH that holds `node` and nothing else (no socat, no system tool), and the whole line
 * must work through the API: units started by the PLC handshake, labels printed, components and
 * lots consumed, test results recorded (some fail), units completed, events forwarded to the
 * built-in MES. The ports and the data folder are moved through the config's environment
 * defaults so the test cannot collide with a demo someone is running.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { startGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';
import { freePort } from '../../helpers/free-port';

const DEMO = path.resolve(__dirname, '../../../config/demo.yaml');

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  for (const end = Date.now() + ms; ;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Event counts by type from /metrics. */
async function eventCounts(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^linegate_events_total\{type="([^"]+)"[^}]*\} (\d+)/gm))
    out[m[1]] = Number(m[2]);
  return out;
}

describe('the demo (`npm start`) with Node and npm only', function () {
  this.timeout(240_000);
  let tmp: ReturnType<typeof tempDir>;
  let gw: GatewayProcess | undefined;

  before(() => {
    tmp = tempDir();
  });

  after(async () => {
    if (gw && gw.child.exitCode === null) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
    tmp.cleanup();
  });

  it('runs the whole line without socat on PATH: started, printed, tested, completed, forwarded', async () => {
    const bin = path.join(tmp.dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    assert.throws(() => execFileSync('/bin/sh', ['-c', 'command -v socat'], { env: { PATH: bin } }));
    const [api, plc, mes] = [await freePort(), await freePort(), await freePort()];
    gw = await startGateway(
      DEMO,
      {
        PATH: bin,
        LINEGATE_DEMO_DATA: path.join(tmp.dir, 'data'),
        LINEGATE_DEMO_PORT: String(api),
        LINEGATE_DEMO_PLC_PORT: String(plc),
        LINEGATE_DEMO_MES_PORT: String(mes),
      },
      60_000,
    );
    const url = gw.url;
    const counts = await until('two units through the whole line', async () => {
      const c = await eventCounts(url);
      const done = [
        'unit.started',
        'label.printed',
        'carrier.bound',
        'component.consumed',
        'operation.completed',
      ];
      return done.every((t) => (c[t] ?? 0) >= 2) && (c['unit.completed'] ?? 0) >= 2 ? c : undefined;
    });
    assert.ok(counts['label.printed'] >= 2);

    // a completed unit as the trace sees it: its label, its lot, its test result
    const lot = (await (await fetch(`${url}/api/where-used?lot=SCR-0815`)).json()) as { units: unknown[] };
    assert.ok(lot.units.length >= 1, 'the lot of screws is in units');
    const serial = await firstCompleted(url);
    const unit = (await (await fetch(`${url}/api/units/${serial}`)).json()) as {
      status: string;
      events: Array<{ type: string; seq: number }>;
    };
    assert.equal(unit.status, 'completed');
    const types = unit.events.map((e) => e.type);
    for (const t of ['unit.started', 'label.printed', 'carrier.bound', 'unit.completed'])
      assert.ok(types.includes(t), t);

    // forwarded: the MES sink's cursor passes the unit's completion
    const lastSeq = Math.max(...unit.events.map((e) => e.seq));
    await until('the completion forwarded to the MES', async () => {
      const status = (await (await fetch(`${url}/api/outbox`)).json()) as {
        sinks: Array<{ cursor: number }>;
      };
      return status.sinks[0].cursor >= lastSeq ? true : undefined;
    });

    gw.child.kill('SIGINT');
    assert.equal((await gw.exited).code, 0);
  });
});

/** The serial of a completed unit, from the API's serial listing. */
async function firstCompleted(url: string): Promise<string> {
  const list = (await (await fetch(`${url}/api/serials?status=completed`)).json()) as {
    serials: Array<{ serial: string }>;
  };
  return list.serials[0].serial;
}
