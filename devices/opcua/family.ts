/**
 * The OPC UA device family for the registry (devices/index.ts): built-in PLC simulators for
 * `plcs.X.simulate: true`, and one connection per PLC plus one handshake trigger per station.
 */
import path from 'node:path';
import type { Config } from '../../src/config/schema';
import type { ContextFor, DeviceFamily, NamedPart } from '../../src/ports/devices';
import { checkOpcuaConfig, handshakeStations, opcuaConfig, plcsOf } from './config';
import { serialRequirement } from './serial-length';
import { SimulatorPart } from './simulator-part';
import { simulatedOperationData } from './simulator-test-data';

/** A PLC's `result` operation-data node as pass/fail: true, 1, "pass" or "OK" pass. */
function passFail(value: unknown): 'pass' | 'fail' | undefined {
  if (value === undefined || value === null) return undefined;
  return value === true || value === 1 || /^(pass|ok)$/i.test(String(value)) ? 'pass' : 'fail';
}

/** The OPC UA family. */
export const opcuaFamily: DeviceFamily = {
  name: 'opcua',
  config: opcuaConfig,
  checkConfig: checkOpcuaConfig,
  // node-opcua takes about a second to load: it is loaded only when the config has a PLC, and only
  // when the parts start (after the gateway's API answers).
  async simulators(config: Config, ctx: ContextFor): Promise<NamedPart[]> {
    const parts: NamedPart[] = [];
    for (const [name, plc] of Object.entries(plcsOf(config))) {
      if (!plc.simulate) continue;
      const url = new URL(plc.endpoint.replace(/^opc\.tcp:/, 'http:'));
      const c = ctx('simulator', name);
      const stations = handshakeStations(config).filter((s) => s.trigger.plc === name);
      for (const s of stations) {
        if (s.trigger.nodes.request !== `ns=1;s=${s.id}.Request`) {
          c.log.warn({ station: s.id }, 'the simulator exposes ns=1;s=<ID>.Request/Ack/Serial/Result only');
        }
      }
      const options = {
        stations: stations.map((s) => s.id),
        pkiDir: path.join(c.dataDir, 'pki', `opcua-simulator-${name}`),
        port: Number(url.port || 4840),
        host: url.hostname,
        autoCycleMs: plc.simulateCycleMs,
        historyLimit: 1000,
        operationData: simulatedOperationData(
          stations.map((s) => ({ id: s.id, operationData: s.trigger.operationData })),
        ),
      };
      parts.push(
        new SimulatorPart(name, options, { dataDir: c.dataDir, secure: plc.securityMode !== 'None' }, c),
      );
    }
    return parts;
  },
  async triggers(config, stations, ctx): Promise<NamedPart[]> {
    const served = handshakeStations(config).filter((s) => stations.has(s.id));
    if (served.length === 0) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (node-opcua takes about a second)
    const { createOpcuaTriggers } = require('./index') as typeof import('./index');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, as above
    const { routeOpcuaLibraryLogs } = require('./library-logs') as typeof import('./library-logs');
    // node-opcua prints to the console; send it through the gateway's logger instead.
    routeOpcuaLibraryLogs(ctx('module', 'opcua').log);
    const heartbeats: Record<string, { node: string; everyMs?: number }> = {};
    const plcs = plcsOf(config);
    for (const [name, plc] of Object.entries(plcs)) if (plc.heartbeat) heartbeats[name] = plc.heartbeat;
    const built = createOpcuaTriggers({
      plcs,
      stations: served.map((s) => ({
        ...s,
        port: stations.get(s.id)!,
        operationData: s.trigger.operationData,
        serial: serialRequirement(config, s.id),
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
