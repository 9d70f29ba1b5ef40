/**
 * The OPC UA device family for the registry (devices/index.ts): built-in PLC simulators for
 * `plcs.X.simulate: true`, and one connection per PLC plus one handshake trigger per station.
 */
import path from 'node:path';
import type { Config } from '../../src/config/schema';
import type { DeviceContext, DeviceHealth } from '../../src/ports';
import type { ContextFor, DeviceFamily, NamedPart } from '../../src/ports/devices';
import { createOpcuaTriggers, type OpcuaHandshakeTriggerConfig } from './index';
import { trustOpcuaCertificateDer } from './pki';
import { routeOpcuaLibraryLogs } from './library-logs';
import { PlcSimulator } from './simulator';

function handshakeStations(config: Config): Array<{ id: string; trigger: OpcuaHandshakeTriggerConfig }> {
  const out: Array<{ id: string; trigger: OpcuaHandshakeTriggerConfig }> = [];
  for (const s of config.stations)
    if (s.trigger?.type === 'opcua-handshake') out.push({ id: s.id, trigger: s.trigger });
  return out;
}

/** A built-in simulated PLC as a registry part. */
class SimulatorPart implements NamedPart {
  readonly kind = 'simulator';
  private running = false;

  constructor(
    readonly name: string,
    private readonly sim: PlcSimulator,
    private readonly trustFor: { dataDir: string; secure: boolean },
    private readonly ctx: DeviceContext,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    await this.sim.start();
    this.running = true;
    // the gateway's own simulator needs no operator decision: trust its certificate for secure modes.
    if (this.trustFor.secure)
      await trustOpcuaCertificateDer(this.trustFor.dataDir, this.sim.certificate().der);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.sim.stop();
  }

  health(): DeviceHealth {
    return {
      ok: this.running,
      state: this.running ? `simulating at ${this.sim.endpointUrl}` : 'stopped',
      detail: { handshakes: this.sim.handshakes.length },
    };
  }
}

/** A PLC's `result` operation-data node as pass/fail: true, 1, "pass" or "OK" pass. */
function passFail(value: unknown): 'pass' | 'fail' | undefined {
  if (value === undefined || value === null) return undefined;
  return value === true || value === 1 || /^(pass|ok)$/i.test(String(value)) ? 'pass' : 'fail';
}

/** The OPC UA family. */
export const opcuaFamily: DeviceFamily = {
  name: 'opcua',
  simulators(config: Config, ctx: ContextFor): NamedPart[] {
    const parts: NamedPart[] = [];
    // node-opcua prints to the console; send it through the gateway's logger instead.
    if (Object.keys(config.plcs).length > 0) routeOpcuaLibraryLogs(ctx('module', 'opcua').log);
    for (const [name, plc] of Object.entries(config.plcs)) {
      if (!plc.simulate) continue;
      const url = new URL(plc.endpoint.replace(/^opc\.tcp:/, 'http:'));
      const c = ctx('simulator', name);
      const stations = handshakeStations(config).filter((s) => s.trigger.plc === name);
      for (const s of stations) {
        if (s.trigger.nodes.request !== `ns=1;s=${s.id}.Request`) {
          c.log.warn({ station: s.id }, 'the simulator exposes ns=1;s=<ID>.Request/Ack/Serial/Result only');
        }
      }
      const sim = new PlcSimulator({
        stations: stations.map((s) => s.id),
        pkiDir: path.join(c.dataDir, 'pki', `opcua-simulator-${name}`),
        port: Number(url.port || 4840),
        host: url.hostname,
        autoCycleMs: plc.simulateCycleMs,
        log: c.log,
      });
      parts.push(
        new SimulatorPart(name, sim, { dataDir: c.dataDir, secure: plc.securityMode !== 'None' }, c),
      );
    }
    return parts;
  },
  triggers(config, stations, ctx): NamedPart[] {
    const served = handshakeStations(config).filter((s) => stations.has(s.id));
    if (served.length === 0) return [];
    const heartbeats: Record<string, { node: string; everyMs?: number }> = {};
    for (const [name, plc] of Object.entries(config.plcs))
      if (plc.heartbeat) heartbeats[name] = plc.heartbeat;
    const built = createOpcuaTriggers({
      plcs: config.plcs,
      stations: served.map((s) => ({
        ...s,
        port: stations.get(s.id)!,
        operationData: s.trigger.operationData,
      })),
      ctx,
      heartbeats,
      onOperationData: (data) => {
        const { result, ...parameters } = data.values;
        const port = stations.get(data.stationId);
        port?.recordOperation(data.serial, passFail(result), parameters).catch((err: unknown) => {
          ctx('trigger', data.stationId).log.error(
            { err, serial: data.serial },
            'operation data not recorded',
          );
        });
      },
    });
    // connections first: a registry that stops in reverse order then stops triggers first.
    return [...built.connections, ...built.heartbeats, ...built.triggers];
  },
};
