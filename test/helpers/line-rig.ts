/**
 * A whole line on simulators that speak the real protocols, in one call: a node-opcua PLC server
 * answering the stations' handshakes, and a gateway (every device family) whose readers, scanners
 * and printer are the built-in simulators. The test declares the stations; the rig writes the
 * config, starts everything, waits until the PLC session is up and every reader reads, and hands
 * over each simulated device.
 */
import path from 'node:path';
import { Gateway } from '../../src/gateway';
import { allFamilies } from '../../src/cli/compose';
import { PlcSimulator, type PlcSimulatorOptions } from '../../devices/opcua/simulator';
import type { SimulatedTagReader } from '../../devices/rfid/simulated-reader';
import type { SimulatedLlrpReader } from '../../devices/llrp/simulated-reader';
import type { SimulatedScanner } from '../../devices/scanner/simulated-scanner';
import {
  SIMULATED,
  SIMULATED_UHF,
  TEST_TOKEN,
  UNIT_TEMPLATE,
  devicesYaml,
  gatewayConfig,
  handshakeNodesYaml,
} from './gateway-config';
import { silentLog } from './silent-log';
import { tempDir } from './tmp';
import { until } from './until';

/** One station of the line. */
export interface RigStation {
  id: string;
  kind: 'start' | 'assembly' | 'test' | 'end';
  /** the reader that identifies the carrier (at the start station: the one it binds). */
  reader: string;
  /** the scanner whose scans the station consumes. */
  consume?: string;
  /** answered over the PLC handshake; operationData: name → PLC variable of the station. */
  plc?: { operationData?: Record<string, string> };
  /** stations a unit must have passed first. */
  requires?: string[];
}

/** The line to build. */
export interface LineRigOptions {
  /** in line order; the first is the base config's start station ST10. */
  stations: RigStation[];
  /** the start station prints label `unit` on the simulated Zebra `zebra1`. */
  print?: boolean;
  /** each reader's YAML entry; default a simulated serial UHF module. */
  reader?: (name: string) => string;
  /** variables the simulated PLC holds beside the handshake nodes (the same for every station). */
  plcData?: PlcSimulatorOptions['operationData'];
  /** further top-level YAML (e.g. upstream). */
  extra?: string;
}

/** The demo line: ST10 starts (PLC handshake, label, carrier), ST20 assembles, ST30 tests (PLC), ST40 ends. */
export const WHOLE_LINE: LineRigOptions = {
  print: true,
  stations: [
    { id: 'ST10', kind: 'start', reader: 'rfid10', plc: {} },
    { id: 'ST20', kind: 'assembly', reader: 'rfid20', consume: 'scan20' },
    {
      id: 'ST30',
      kind: 'test',
      reader: 'rfid30',
      plc: { operationData: { result: 'Passed', torque: 'Torque' } },
    },
    { id: 'ST40', kind: 'end', reader: 'rfid40' },
  ],
  plcData: {
    Passed: { dataType: 'Boolean', value: false },
    Torque: { dataType: 'Double', value: 0 },
  },
};

/** A running line and hands on each of its parts. */
export interface LineRig {
  gateway: Gateway;
  plc: PlcSimulator;
  /** GET on the gateway's API, the JSON answer. */
  get(apiPath: string): Promise<Record<string, unknown>>;
  /** POST of a JSON body on the gateway's API, with its token. */
  post(apiPath: string, body: unknown): Promise<Response>;
  /** the simulator of a simulated serial reader. */
  tags(name: string): SimulatedTagReader['simulator'];
  /** a reader as the gateway holds it. */
  reader<T = SimulatedTagReader>(name: string): T;
  /** the simulator of an LLRP reader. */
  llrp(name: string): SimulatedLlrpReader['simulator'];
  /** the simulator of a simulated scanner. */
  scanner(name: string): SimulatedScanner['simulator'];
  /** a line station of the gateway. */
  station(id: string): NonNullable<ReturnType<NonNullable<Gateway['stations']>['lineStations']['get']>>;
  /** the PLC raises `id`'s request; resolves with the handshake once the gateway completed it. */
  handshake(id: string): Promise<PlcSimulator['handshakes'][number]>;
  /** stops the gateway and the PLC and removes the folder. */
  close(): Promise<void>;
}

/** The stations and device sections appended to the base config's start station. */
export function lineYaml(opts: LineRigOptions, endpoint: string): string {
  const [start, ...rest] = opts.stations;
  if (start?.id !== 'ST10' || start.kind !== 'start')
    throw new TypeError('the first station must be ST10, start');
  const trigger = (s: RigStation) => {
    if (!s.plc) return [];
    const data = Object.entries(s.plc.operationData ?? {});
    const op = data.length
      ? `, operationData: { ${data.map(([k, v]) => `${k}: "ns=1;s=${s.id}.${v}"`).join(', ')} }`
      : '';
    return [`    trigger: { type: opcua-handshake, plc: plc1, nodes: ${handshakeNodesYaml(s.id)}${op} }`];
  };
  const keys = (s: RigStation) => [
    ...(s.consume ? [`    consume: { scanner: ${s.consume} }`] : []),
    ...(s.requires ? [`    requires: [${s.requires.map((r) => `{ station: ${r} }`).join(', ')}]`] : []),
    ...trigger(s),
  ];
  const lines = [
    ...(opts.print ? ['    label: unit', '    printer: zebra1'] : []),
    `    carrier: { reader: ${start.reader} }`,
    ...keys(start),
    ...rest.flatMap((s) => [
      `  - id: ${s.id}`,
      `    kind: ${s.kind}`,
      `    identify: { reader: ${s.reader} }`,
      ...keys(s),
    ]),
  ];
  const readers = opts.stations.map((s) => s.reader);
  const scanners = opts.stations.flatMap((s) => (s.consume ? [s.consume] : []));
  return [
    lines.join('\n') + '\n',
    opts.stations.some((s) => s.plc)
      ? `plcs:\n  plc1: { endpoint: "${endpoint}", publishingIntervalMs: 10 }\n`
      : '',
    opts.print ? `printers:\n  zebra1: ${SIMULATED}\nlabels:\n  unit: { template: ${UNIT_TEMPLATE} }\n` : '',
    `readers:\n${devicesYaml(readers, opts.reader ?? (() => SIMULATED_UHF))}`,
    scanners.length ? `scanners:\n${devicesYaml(scanners, () => SIMULATED)}` : '',
    opts.extra ?? '',
  ].join('');
}

/** Starts the line in a fresh folder; close() it in `after`. */
export async function lineRig(opts: LineRigOptions): Promise<LineRig> {
  const tmp = tempDir();
  const plcStations = opts.stations.filter((s) => s.plc).map((s) => s.id);
  const plc = new PlcSimulator({
    stations: plcStations,
    pkiDir: path.join(tmp.dir, 'plc-pki'),
    ...(opts.plcData ? { operationData: opts.plcData } : {}),
  });
  let gateway: Gateway | undefined;
  const close = async () => {
    await gateway?.stop();
    await plc.stop();
    tmp.cleanup();
  };
  try {
    const endpoint = plcStations.length ? await plc.start() : 'opc.tcp://127.0.0.1:1';
    const config = gatewayConfig(tmp.dir, lineYaml(opts, endpoint));
    gateway = new Gateway({ config, log: silentLog, families: allFamilies() });
    await gateway.start();
    const gw = gateway;
    if (plcStations.length)
      await until('the PLC connection', () => gw.health().parts['plc:plc1']?.ok === true);
    for (const { reader } of opts.stations)
      await until(`${reader} reading`, () => gw.device('reader', reader)?.health().ok === true);
    return rigOf(gw, plc, close);
  } catch (err) {
    await close();
    throw err;
  }
}

function rigOf(gateway: Gateway, plc: PlcSimulator, close: () => Promise<void>): LineRig {
  const device = <T>(kind: string, name: string) => gateway.device(kind, name) as T;
  return {
    gateway,
    plc,
    close,
    get: async (p) => (await fetch(gateway.url + p)).json() as Promise<Record<string, unknown>>,
    post: (p, body) =>
      fetch(gateway.url + p, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    tags: (name) => device<SimulatedTagReader>('reader', name).simulator,
    reader: (name) => device('reader', name),
    llrp: (name) => device<SimulatedLlrpReader>('reader', name).simulator,
    scanner: (name) => device<SimulatedScanner>('scanner', name).simulator,
    station: (id) => gateway.stations!.lineStations.get(id)!,
    async handshake(id) {
      const before = plc.handshakes.length;
      plc.raiseRequest(id);
      await until(`the ${id} handshake`, () => plc.handshakes.length === before + 1);
      return plc.handshakes[before];
    },
  };
}
