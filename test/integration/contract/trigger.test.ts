/**
 * The Trigger contract (test/contract/trigger.contract.ts) run against every trigger with its
 * simulated field: the OPC UA handshake trigger talking to the node-opcua PLC simulator (real
 * sessions on loopback), the GPIO edge trigger on a sinon-faked pin (no GPIO exists here), and the
 * interval trigger on sinon-faked interval timers.
 */
import path from 'node:path';
import sinon from 'sinon';
import { GpioTrigger } from '../../../devices/gpio/gpio-trigger';
import type { GpioBackend, GpioPin, Level } from '../../../devices/gpio/pin';
import { IntervalTrigger } from '../../../devices/interval/interval-trigger';
import {
  createOpcuaTriggers,
  routeOpcuaLibraryLogs,
  type HandshakeTrigger,
  type PlcConnection,
} from '../../../devices/opcua';
import { opcuaFamily } from '../../../devices/opcua/family';
import { PlcSimulator } from '../../../devices/opcua/simulator';
import type { Config } from '../../../src/config/schema';
import type { NamedPart } from '../../../src/ports/devices';
import { systemClock, type DeviceContext, type StartPort } from '../../../src/ports';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { triggerContract, type Reported, type TriggerHarness } from '../../contract/trigger.contract';
import { nodesOf, plcConfig } from '../opcua/setup';
import { freePort } from '../upstream/helpers';

const ctxFor = (name: string, dataDir = '/nonexistent'): DeviceContext => ({
  name,
  log: silentLog,
  clock: systemClock,
  dataDir,
});

/** Reports read from a trigger's health counters: a new cycle each time `cycles` grows. */
function fromHealth(
  trigger: { health(): { detail?: Record<string, unknown> } },
  read: (d: Record<string, unknown>) => { cycles: number; ok: boolean },
): () => Reported[] {
  const seen: Reported[] = [];
  return () => {
    const now = read(trigger.health().detail ?? {});
    while (seen.length < now.cycles) seen.push({ ok: now.ok });
    return seen;
  };
}

const realDelay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The harness of a handshake trigger of station `id`, its connection started, on PLC `sim`. */
function handshakeHarness(
  sim: PlcSimulator,
  id: string,
  connection: PlcConnection,
  trigger: HandshakeTrigger,
): TriggerHarness {
  return {
    trigger,
    source: 'opcua',
    request: async () => sim.raiseRequest(id),
    reported: () =>
      sim.handshakes
        .filter((hs) => hs.station === id)
        .map((hs) => ({ ok: hs.result === 0, serial: hs.serial })),
    reportsSerial: true,
    requestIsLevel: true,
    close: async () => {
      await trigger.stop();
      await connection.stop();
    },
  };
}

describe('Trigger contract', function () {
  this.timeout(30_000);

  describe('OPC UA handshake trigger, node-opcua PLC simulator', () => {
    // One simulated PLC for the group (a server takes about a second to start); each test serves
    // a station of its own, so no handshake state carries over.
    const ids = Array.from({ length: 8 }, (_, i) => `ST${10 + i}`);
    let sim: PlcSimulator;
    let tmp: ReturnType<typeof tempDir>;
    let next = 0;
    before(async () => {
      routeOpcuaLibraryLogs(silentLog); // node-opcua's console warnings
      tmp = tempDir('linegate-trigger-contract-');
      sim = new PlcSimulator({ stations: ids, pkiDir: path.join(tmp.dir, 'sim-pki') });
      await sim.start();
    });
    after(async () => {
      await sim.stop();
      tmp.cleanup();
    });
    triggerContract(async (station: StartPort): Promise<TriggerHarness> => {
      const id = ids[next++];
      const plc = plcConfig(sim.endpointUrl);
      const built = createOpcuaTriggers({
        plcs: { plc1: plc },
        stations: [
          { id, trigger: { type: 'opcua-handshake', plc: 'plc1', nodes: nodesOf(id) }, port: station },
        ],
        ctx: (_kind, name) => ctxFor(name, path.join(tmp.dir, 'gw')),
        connectionOptions: { backoff: { minMs: 100, maxMs: 500 }, keepAliveMs: 300, attemptTimeoutMs: 5000 },
      });
      const [connection] = built.connections;
      await connection.start();
      return handshakeHarness(sim, id, connection, built.triggers[0]);
    });
  });

  describe('OPC UA handshake trigger as the family builds it, on its built-in simulated PLC (plcs.X.simulate)', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `ST${10 + i}`);
    let tmp: ReturnType<typeof tempDir>;
    let config: Config;
    let simulator: NamedPart & { simulator?: PlcSimulator };
    let next = 0;
    const ctx = (_kind: string, name: string) => ctxFor(name, path.join(tmp.dir, 'gw'));
    before(async () => {
      routeOpcuaLibraryLogs(silentLog);
      tmp = tempDir('linegate-trigger-contract-');
      const endpoint = `opc.tcp://127.0.0.1:${await freePort()}`;
      // the parts of a config the family reads (the schema would add defaults; no auto-cycling).
      config = {
        gateway: { id: 'gw-test' },
        serials: {},
        plcs: { plc1: { ...plcConfig(endpoint), simulate: true, simulateCycleMs: undefined } },
        stations: ids.map((id) => ({
          id,
          kind: 'start',
          serial: 'unit',
          trigger: { type: 'opcua-handshake', plc: 'plc1', nodes: nodesOf(id) },
        })),
      } as unknown as Config;
      [simulator] = await opcuaFamily.simulators!(config, ctx);
      await simulator.start();
    });
    after(async () => {
      await simulator.stop();
      tmp.cleanup();
    });
    triggerContract(async (station: StartPort): Promise<TriggerHarness> => {
      const id = ids[next++];
      const parts = await opcuaFamily.triggers!(config, new Map([[id, station]]), ctx);
      const connection = parts.find((p) => p.kind === 'plc') as PlcConnection;
      const trigger = parts.find((p) => p.kind === 'trigger') as HandshakeTrigger;
      await connection.start();
      return handshakeHarness(simulator.simulator!, id, connection, trigger);
    });
  });

  describe('GPIO edge trigger, sinon-faked pin', () =>
    triggerContract(async (station: StartPort): Promise<TriggerHarness> => {
      const debounceMs = 5;
      let edge: ((level: Level) => void) | undefined;
      const pin: GpioPin = {
        read: sinon.stub<[], Promise<Level>>().resolves(0),
        write: sinon.stub<[Level], Promise<void>>().rejects(new Error('an input line')),
        onEdge: sinon.fake((listener: (level: Level) => void) => {
          edge = listener;
          return () => (edge = undefined);
        }),
        close: sinon.stub<[], Promise<void>>().resolves(),
      };
      const backend: GpioBackend = {
        name: 'sinon',
        openInput: sinon.stub<Parameters<GpioBackend['openInput']>, Promise<GpioPin>>().resolves(pin),
        openOutput: sinon
          .stub<Parameters<GpioBackend['openOutput']>, Promise<GpioPin>>()
          .rejects(new Error('no outputs')),
      };
      const trigger = new GpioTrigger(
        { type: 'gpio', pin: 17, edge: 'rising', debounceMs, activeLow: false },
        { station, ctx: ctxFor('ST10'), backend },
      );
      return {
        trigger,
        source: 'gpio',
        // The photo-eye sees a part and lets it pass, each level held for the debounce time (a
        // timer made after the trigger's own of the same length fires after it).
        request: async () => {
          edge?.(1);
          await realDelay(debounceMs);
          edge?.(0);
          await realDelay(debounceMs);
        },
        reported: fromHealth(trigger, (d) => ({
          cycles: Number(d.starts) + Number(d.failed),
          ok: d.lastError === undefined,
        })),
        reportsSerial: false,
        requestIsLevel: false,
        close: () => trigger.stop(),
      };
    }));

  describe('interval trigger, sinon-faked interval timers', () =>
    triggerContract(async (station: StartPort): Promise<TriggerHarness> => {
      const everyMs = 1000;
      const clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const trigger = new IntervalTrigger(station, everyMs, ctxFor('ST10'));
      return {
        trigger,
        source: 'interval',
        request: async () => void (await clock.tickAsync(everyMs)),
        reported: fromHealth(trigger, (d) => ({ cycles: Number(d.cycles), ok: d.lastResult === 0 })),
        reportsSerial: false,
        requestIsLevel: false,
        close: async () => {
          await trigger.stop();
          clock.restore();
        },
      };
    }));
});
