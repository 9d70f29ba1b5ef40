import assert from 'node:assert/strict';
import path from 'node:path';
import type { Config } from '../../../src/config/schema';
import type { StartPort } from '../../../src/ports';
import type { NamedPart } from '../../../src/ports/devices';
import { opcuaFamily } from '../../../devices/opcua/family';
import { FakeStation, captureLogger, makeCtx, removeDir, tempDir, waitFor } from './helpers';
import { nodesOf } from './setup';
import { freePort } from '../../helpers/free-port';

describe('OPC UA device family (demo line on the built-in simulator)', function () {
  this.timeout(30_000);
  const parts: NamedPart[] = [];
  let dir = '';
  afterEach(async () => {
    for (const part of parts.reverse()) await part.stop();
    parts.length = 0;
    removeDir(dir);
  });

  it('starts a simulated secure PLC, trusts it, and serves its auto-cycles', async () => {
    dir = tempDir('family');
    const port = await freePort();
    // only the parts the family reads; the real loader fills in the rest
    const config = {
      plcs: {
        plc1: {
          endpoint: `opc.tcp://127.0.0.1:${port}`,
          securityMode: 'SignAndEncrypt',
          securityPolicy: 'Basic256Sha256',
          publishingIntervalMs: 10,
          samplingIntervalMs: 0,
          simulate: true,
          simulateCycleMs: 1000,
        },
      },
      stations: [
        {
          id: 'ST10',
          kind: 'start',
          serial: 'unit',
          trigger: { type: 'opcua-handshake', plc: 'plc1', nodes: nodesOf('ST10') },
        },
        { id: 'ST90', kind: 'start', serial: 'unit' },
      ],
    } as unknown as Config;
    const { log, lines } = captureLogger();
    const ctx = (_kind: string, name: string) => makeCtx(name, path.join(dir, 'gw'), log);
    const station = new FakeStation('ST10');
    const stations = new Map<string, StartPort>([
      ['ST10', station],
      ['ST90', new FakeStation('ST90')],
    ]);
    const sims = (await opcuaFamily.simulators?.(config, ctx)) ?? [];
    const triggers = (await opcuaFamily.triggers?.(config, stations, ctx)) ?? [];
    assert.deepEqual(
      [...sims, ...triggers].map((p) => `${p.kind}:${p.name}`),
      ['simulator:plc1', 'plc:plc1', 'trigger:ST10'],
    );
    for (const part of [...sims, ...triggers]) {
      await part.start();
      parts.push(part);
    }
    await waitFor(() => station.acknowledged.length >= 1, 'a demo cycle', 20_000);
    assert.equal(station.acknowledged[0], station.issued[0]);
    assert.ok(!lines.some((l) => l.code === 'OPCUA_CERT_UNTRUSTED'));
    assert.ok(triggers.every((t) => t.health().ok));
  });
});
