import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Gateway } from '../../../src/gateway';
import { startParts, stopParts, type GatewayPart } from '../../../src/gateway-parts';
import type { BarcodeScanner, DeviceHealth } from '../../../src/ports';
import type { DeviceFamily, NamedPart } from '../../../src/ports/devices';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { gatewayConfig } from '../../helpers/gateway-config';
import { EventEmitter } from 'node:events';

/** A logger whose lines land in `lines` (parsed). */
function capturingLog(lines: Array<{ msg: string }>) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { msg: string });
      done();
    },
  });
  return pino({ level: 'warn' }, sink);
}

describe('gateway parts: one ordered list', () => {
  it('builds every part in order, then starts them in order; stops in reverse with the deadline', async () => {
    const calls: string[] = [];
    const part = (name: string): GatewayPart => ({
      name,
      build: async () => void calls.push(`build ${name}`),
      start: async () => void calls.push(`start ${name}`),
      stop: async (deadlineMs) => void calls.push(`stop ${name} ${deadlineMs}`),
    });
    const parts = [part('a'), { name: 'b' }, part('c')];
    await startParts(parts);
    await stopParts(parts, 1234, silentLog);
    assert.deepEqual(calls, ['build a', 'build c', 'start a', 'start c', 'stop c 1234', 'stop a 1234']);
  });

  it('a failed build opens nothing; stopping never throws and stops every other part', async () => {
    const calls: string[] = [];
    const lines: Array<{ msg: string }> = [];
    const parts: GatewayPart[] = [
      {
        name: 'a',
        start: async () => void calls.push('start a'),
        stop: async () => void calls.push('stop a'),
      },
      {
        name: 'b',
        build: () => Promise.reject(new Error('no disk')),
        stop: () => Promise.reject(new Error('stuck')),
      },
      { name: 'c', stop: () => Promise.reject(new Error('also stuck')) },
    ];
    await assert.rejects(startParts(parts), /no disk/);
    await stopParts(parts, 0, capturingLog(lines));
    assert.deepEqual(calls, ['stop a']);
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['stop: c failed', 'stop: b failed'],
    );
  });
});

/** A part that records its start and stop in `calls`; its start waits for `gate` when given. */
class Recorded extends EventEmitter implements NamedPart {
  constructor(
    readonly kind: string,
    readonly name: string,
    private readonly calls: string[],
    private readonly gate?: Promise<void>,
  ) {
    super();
  }
  async start(): Promise<void> {
    this.calls.push(`start ${this.kind}`);
    await this.gate;
  }
  async stop(): Promise<void> {
    this.calls.push(`stop ${this.kind}`);
  }
  health(): DeviceHealth {
    return { ok: true, state: 'recorded' };
  }
}

describe('gateway parts: a real gateway', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('answers /healthz 503 "starting" while a slow device opens; opens and stops parts in order', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const family: DeviceFamily = {
      name: 'recorded',
      simulators: () => [new Recorded('simulator', 'sim1', calls)],
      scanners: (config) =>
        new Map(
          Object.keys(config.scanners).map((n) => [
            n,
            new Recorded('scanner', n, calls, gate) as unknown as BarcodeScanner,
          ]),
        ),
      triggers: () => [new Recorded('trigger', 'trig1', calls)],
    };
    const config = gatewayConfig(
      tmp.dir,
      `  - id: ST20
    kind: end
    identify: { scanner: scan20 }
scanners:
  scan20:
    connection: { type: simulator }
`,
    );
    const gateway = new Gateway({ config, log: silentLog, families: [family] });
    const started = gateway.start();
    try {
      while (!calls.includes('start scanner')) await new Promise((r) => setImmediate(r));
      const res = await fetch(gateway.url + '/healthz');
      assert.equal(res.status, 503);
      const body = (await res.json()) as { parts: Record<string, { ok: boolean; state: string }> };
      assert.deepEqual(body.parts.gateway, { ok: false, state: 'starting: opening devices' });
      assert.deepEqual(calls, ['start simulator', 'start scanner']);
      release();
      await started;
      assert.equal((await fetch(gateway.url + '/healthz')).status, 200);
      assert.deepEqual(calls, ['start simulator', 'start scanner', 'start trigger']);
    } finally {
      release();
      await started.catch(() => undefined);
      await gateway.stop();
    }
    assert.deepEqual(calls.slice(3), ['stop trigger', 'stop scanner', 'stop simulator']);
    await assert.rejects(fetch(gateway.url + '/healthz'));
  });
});
