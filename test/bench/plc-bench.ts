/**
 * The PLC side shared by the PLC benchmarks: the gateway's connection to the simulated PLC, the
 * raw peer (a bare OPC UA client answering a handshake with one notification and three writes, no
 * gateway logic) and one timed cycle, request raised to ack seen at the PLC.
 */
import type { Logger } from 'pino';
import { AttributeIds, DataType, OPCUACertificateManager, OPCUAClient, TimestampsToReturn } from 'node-opcua';
import { PlcConnection } from '../../devices/opcua/plc-connection';
import type { CompletedHandshake, PlcSimulator } from '../../devices/opcua/simulator';
import { systemClock } from '../../src/ports';
import { handshakeNodes } from '../helpers/gateway-config';

/** The handshake nodes of a station on the simulated PLC. */
export const nodes = handshakeNodes;

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The gateway's connection to the PLC at `endpoint`, no security, sampling 0 (not started). */
export function plcConnection(endpoint: string, publishingIntervalMs: number, log: Logger, dataDir: string) {
  return new PlcConnection({
    config: {
      endpoint,
      securityMode: 'None',
      securityPolicy: 'None',
      publishingIntervalMs,
      samplingIntervalMs: 0,
      simulate: false,
      simulateCycleMs: 0,
    },
    ctx: { name: 'plc1', log, clock: systemClock, dataDir },
  });
}

/** What the bare client does for station `id`. */
export interface BareOptions {
  endpoint: string;
  /** its own PKI folder. */
  pki: string;
  id: string;
  publishingIntervalMs: number;
  /** the n-th serial it answers. */
  serial: (n: number) => string;
  /** work before the answer is written (e.g. a label printed). */
  before?: (serial: string) => Promise<void>;
}

/** The bare reference: on request, [work,] serial, result and ack written; ack cleared on its fall. */
export async function bareHandshake(o: BareOptions): Promise<{ close(): Promise<void> }> {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0 },
    clientCertificateManager: new OPCUACertificateManager({ rootFolder: o.pki, disableFileWatchers: true }),
  });
  await client.connect(o.endpoint);
  const session = await client.createSession();
  const sub = await session.createSubscription2({
    requestedPublishingInterval: o.publishingIntervalMs,
    requestedMaxKeepAliveCount: 100,
    requestedLifetimeCount: 1000,
    publishingEnabled: true,
  });
  const n = nodes(o.id);
  const write = (nodeId: string, dataType: DataType, value: unknown) =>
    session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType, value } } });
  const item = await sub.monitor(
    { nodeId: n.request, attributeId: AttributeIds.Value },
    { samplingInterval: 0, queueSize: 10, discardOldest: true },
    TimestampsToReturn.Neither,
  );
  let seq = 0;
  item.on('changed', (dv) => {
    void (async () => {
      if (dv.value.value === true) {
        const serial = o.serial(++seq);
        await o.before?.(serial);
        await write(n.serial, DataType.String, serial);
        await write(n.result, DataType.Int16, 0);
        await write(n.ack, DataType.Boolean, true);
      } else {
        await write(n.ack, DataType.Boolean, false);
      }
    })();
  });
  return { close: () => client.disconnect() };
}

/**
 * One cycle of `station`: the request is raised at a random moment within a publishing interval;
 * resolves with the handshake once the PLC saw ack.
 */
export function timedCycle(sim: PlcSimulator, publishingIntervalMs: number) {
  return async (station: string): Promise<CompletedHandshake> => {
    await sleep(Math.random() * publishingIntervalMs);
    const done = new Promise<CompletedHandshake>((resolve) => {
      const off = sim.onHandshake((h) => {
        if (h.station !== station) return;
        off();
        resolve(h);
      });
    });
    sim.raiseRequest(station);
    return done;
  };
}
