/**
 * A simulator plus gateway-side connection and triggers for one test, torn down in afterEach.
 */
import path from 'node:path';
import type { PlcConfig } from '../../../devices/opcua/config';
import { createOpcuaTriggers, routeOpcuaLibraryLogs, type OperationData } from '../../../devices/opcua';
import { PlcSimulator, type PlcSimulatorOptions } from '../../../devices/opcua/simulator';
import type { PlcConnection, PlcConnectionOptions } from '../../../devices/opcua/plc-connection';
import type { HandshakeNodes, SerialRequirement } from '../../../devices/opcua/handshake-nodes';
import type { Trigger } from '../../../src/ports';
import { handshakeNodes } from '../../helpers/gateway-config';
import { FakeStation, captureLogger, makeCtx, removeDir, tempDir } from './helpers';

/** Everything one test runs against. */
export interface Rig {
  sim: PlcSimulator;
  stations: Record<string, FakeStation>;
  connection: PlcConnection;
  triggers: Trigger[];
  lines: Array<Record<string, unknown>>;
  dataDir: string;
  operationData: OperationData[];
  startGateway(): Promise<void>;
  stopAll(): Promise<void>;
}

/** Handshake nodes of a station as docs/contracts.md names them. */
export const nodesOf = handshakeNodes;

/** A PLC entry on `endpoint` without security, publishing every 10 ms, not simulated. */
export function plcConfig(endpoint: string): PlcConfig {
  return {
    endpoint,
    securityMode: 'None',
    securityPolicy: 'None',
    publishingIntervalMs: 10,
    samplingIntervalMs: 0,
    simulate: false,
    simulateCycleMs: 0,
  };
}

/** Builds (does not start) a simulator and a gateway side for `ids`. */
export async function makeRig(
  ids: string[],
  opts: {
    sim?: Partial<PlcSimulatorOptions>;
    plc?: Partial<PlcConfig>;
    operationData?: Record<string, string>;
    startSim?: boolean;
    /** a heartbeat node of the PLC, incremented every `everyMs`. */
    heartbeat?: { node: string; everyMs: number };
    /** rewrites the simulator's endpoint (e.g. to go through a proxy). */
    endpoint?: (simEndpoint: string) => Promise<string>;
    /** the station's node ids (default nodesOf(id)). */
    nodes?: (id: string) => HandshakeNodes;
    /** what the serial node must hold. */
    serial?: SerialRequirement;
    connection?: Partial<PlcConnectionOptions>;
  } = {},
): Promise<Rig> {
  const dir = tempDir('opcua');
  const dataDir = path.join(dir, 'gw');
  const { log, lines } = captureLogger();
  routeOpcuaLibraryLogs(log);
  const sim = new PlcSimulator({ stations: ids, pkiDir: path.join(dir, 'sim-pki'), ...opts.sim });
  const simEndpoint = opts.startSim === false ? 'opc.tcp://127.0.0.1:1' : await sim.start();
  const endpoint = opts.endpoint ? await opts.endpoint(simEndpoint) : simEndpoint;
  const config: PlcConfig = { ...plcConfig(endpoint), ...opts.plc };
  const stations = Object.fromEntries(ids.map((id) => [id, new FakeStation(id)]));
  const operationData: OperationData[] = [];
  const built = createOpcuaTriggers({
    plcs: { plc1: config },
    stations: ids.map((id) => ({
      id,
      trigger: { type: 'opcua-handshake' as const, plc: 'plc1', nodes: (opts.nodes ?? nodesOf)(id) },
      port: stations[id],
      serial: opts.serial,
      operationData: opts.operationData,
    })),
    ctx: (_kind, name) => makeCtx(name, dataDir, log),
    onOperationData: (d) => operationData.push(d),
    heartbeats: opts.heartbeat ? { plc1: opts.heartbeat } : {},
    connectionOptions: {
      backoff: { minMs: 100, maxMs: 500 },
      keepAliveMs: 300,
      attemptTimeoutMs: 5000,
      ...opts.connection,
    },
  });
  const connection = built.connections[0];
  return {
    sim,
    stations,
    connection,
    triggers: built.triggers,
    lines,
    dataDir,
    operationData,
    async startGateway() {
      await connection.start();
      for (const t of [...built.triggers, ...built.heartbeats]) await t.start();
    },
    async stopAll() {
      for (const t of [...built.triggers, ...built.heartbeats]) await t.stop();
      await connection.stop();
      await sim.stop();
      removeDir(dir);
    },
  };
}
