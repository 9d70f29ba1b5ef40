/**
 * Wiring of the OPC UA device family for the composition root: one PlcConnection per PLC that a
 * station's `opcua-handshake` trigger names, and one HandshakeTrigger per such station.
 *
 * Start order: connections, then triggers (either order works: a trigger registered while its
 * connection is up is told at once). Stop order: triggers first (they finish a cycle in flight),
 * then connections.
 */
import type { OpcuaHandshakeTriggerConfig, PlcConfig } from './config';
import type { DeviceContext, StartPort } from '../../src/ports';
import { Heartbeat } from './heartbeat';
import { HandshakeTrigger, type OperationData } from './handshake-trigger';
import type { SerialRequirement } from './handshake-nodes';
import { PlcConnection, type PlcConnectionOptions } from './plc-connection';

export { HandshakeTrigger, type HandshakeNodes, type OperationData } from './handshake-trigger';
export { PlcConnection, type PlcIo, type PlcSessionListener } from './plc-connection';
export { Heartbeat } from './heartbeat';
export {
  listOpcuaCertificates,
  trustOpcuaCertificate,
  opcuaPkiDir,
  type OpcuaCertificateInfo,
  type OpcuaCertificateList,
} from './pki';
export {
  PlcSimulator,
  type PlcSimulatorOptions,
  type CompletedHandshake,
  type WriteRecord,
} from './simulator';
export { routeOpcuaLibraryLogs } from './library-logs';

export type { OpcuaHandshakeTriggerConfig, PlcConfig } from './config';

/** One station served by a PLC handshake. */
export interface OpcuaStation {
  id: string;
  trigger: OpcuaHandshakeTriggerConfig;
  port: StartPort;
  /** name → node id read when a cycle completes (proposed config key `trigger.operationData`). */
  operationData?: Record<string, string>;
  /** what the serial node must hold (its length is checked against the PLC's declaration). */
  serial?: SerialRequirement;
}

/** What createOpcuaTriggers needs. */
export interface CreateOpcuaTriggersOptions {
  plcs: Record<string, PlcConfig>;
  stations: OpcuaStation[];
  /** a device context per part: ('plc', PLC name) for connections, ('trigger', station id) for triggers. */
  ctx: (kind: 'plc' | 'trigger', name: string) => DeviceContext;
  /** PLC name → heartbeat node incremented every second (proposed config key `plcs.X.heartbeat`). */
  heartbeats?: Record<string, { node: string; everyMs?: number }>;
  /** receives operation data read at the end of each handshake (record as `operation.completed`). */
  onOperationData?: (data: OperationData) => void;
  /** tuning beyond the config file (tests). */
  connectionOptions?: Partial<Omit<PlcConnectionOptions, 'config' | 'ctx'>>;
}

/**
 * Builds the connections and triggers (nothing is started). Throws TypeError when a station names
 * a PLC that is not configured (the config validator should have caught it).
 */
export function createOpcuaTriggers(opts: CreateOpcuaTriggersOptions): {
  connections: PlcConnection[];
  triggers: HandshakeTrigger[];
  heartbeats: Heartbeat[];
} {
  const connections = new Map<string, PlcConnection>();
  const connectionFor = (plc: string): PlcConnection => {
    let connection = connections.get(plc);
    if (!connection) {
      const config = opts.plcs[plc];
      if (!config) throw new TypeError(`station trigger names PLC "${plc}", which is not under plcs`);
      connection = new PlcConnection({ ...opts.connectionOptions, config, ctx: opts.ctx('plc', plc) });
      connections.set(plc, connection);
    }
    return connection;
  };
  const triggers = opts.stations.map(
    (s) =>
      new HandshakeTrigger({
        station: s.port,
        connection: connectionFor(s.trigger.plc),
        nodes: s.trigger.nodes,
        ctx: opts.ctx('trigger', s.id),
        serial: s.serial,
        operationData: s.operationData,
        onOperationData: opts.onOperationData,
      }),
  );
  const heartbeats = Object.entries(opts.heartbeats ?? {}).map(
    ([plc, hb]) =>
      new Heartbeat({
        connection: connectionFor(plc),
        node: hb.node,
        everyMs: hb.everyMs,
        ctx: opts.ctx('plc', plc),
      }),
  );
  return { connections: [...connections.values()], triggers, heartbeats };
}
