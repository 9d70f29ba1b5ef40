/**
 * Identification latency: from the first byte of a tag's first read written on the pty to the
 * unit identified at the station (its 'identified' event: the uhf-bb7e driver, presence, the
 * carrier lookup in the store), p50/p99. The peer is the raw frame arrival on a pty of the same
 * writer in the same run: a bare serialport's first 'data' event for the same bytes.
 */
import { SerialPort } from 'serialport';
import { SerialTagReader } from '../../devices/rfid/reader';
import { createReaderProtocol } from '../../devices/rfid/protocols';
import { tagNotice } from '../../devices/rfid/protocols/uhf-bb7e';
import { loadConfigText } from '../../src/config/load';
import { buildLine } from '../../src/line/build';
import { systemClock, type TagReader } from '../../src/ports';
import { FakeReader } from '../helpers/fake-devices';
import { PtyWriter } from '../helpers/pty-writer';
import { machine, percentile, report } from './bench-lib';
import { benchLine, silent } from './bench-line';
import { deviceFamilies } from '../../devices';

const UNITS = Number(process.env.BENCH_IDENTIFY ?? 300);
const hrNow = () => performance.timeOrigin + performance.now();
const carrier = (i: number) => `E2801160600002081234${i.toString(16).toUpperCase().padStart(4, '0')}`;

async function main(): Promise<void> {
  console.log(`identification latency: ${UNITS} carriers, on ${machine()}`);
  const bench = await benchLine('identify', 'U{seq:7}');
  const writer = new PtyWriter();
  await writer.start(2);
  const { config, problems } = loadConfigText(
    `gateway: { id: gw-bench, dataDir: ./unused }
api: { listen: 127.0.0.1:0, token: bench-token-0123456789 }
serials: { unit: { format: "U{seq:7}" } }
stations:
  - { id: ST10, kind: start, partNumber: PN-1, serial: unit, carrier: { reader: r10 } }
  - { id: ST20, kind: assembly, identify: { reader: rfid20 } }
readers:
  r10: { connection: { type: simulator } }
  rfid20: { connection: { type: serial, path: ${writer.paths[0]} }, protocol: uhf-bb7e, dedupWindowMs: 2000 }
`,
    'bench.yaml',
    deviceFamilies,
    {},
  );
  if (!config) throw new Error(problems.map((p) => p.message).join('\n'));
  const reader = new SerialTagReader({
    ctx: { name: 'rfid20', log: silent, clock: systemClock, dataDir: bench.dir },
    address: { path: writer.paths[0], baudRate: 115200 },
    protocol: createReaderProtocol('uhf-bb7e', {}),
    dedupWindowMs: 2000,
  });
  const r10 = new FakeReader('r10');
  const line = buildLine({
    config,
    devices: {
      printers: new Map(),
      readers: new Map<string, TagReader>([
        ['r10', r10],
        ['rfid20', reader],
      ]),
      scanners: new Map(),
    },
    store: bench.store,
    journal: bench.journal,
    clock: systemClock,
    log: silent,
  });
  await reader.start();
  await line.start();
  for (let i = 0; i < UNITS; i++) {
    r10.read(carrier(i));
    const outcome = await line.startCycle('ST10');
    if (typeof outcome !== 'object' || !outcome.serial) throw new Error(JSON.stringify(outcome));
  }
  const raw = new SerialPort({ path: writer.paths[1], baudRate: 115200 });
  await new Promise<void>((resolve, reject) => raw.once('open', resolve).once('error', reject));
  const station = line.lineStations.get('ST20')!;
  await new Promise((r) => setTimeout(r, 300)); // the reader's start commands are out
  const identified: number[] = [];
  const arrived: number[] = [];
  for (let i = 0; i < UNITS; i++) {
    const frame = tagNotice({ epc: carrier(i), rssi: -50 });
    // The peer: the same bytes on a bare port of the same writer.
    const data = new Promise<number>((resolve) => raw.once('data', () => resolve(hrNow())));
    const { written: w1 } = await writer.play([[0, 1, frame]], 2);
    arrived.push((await data) - w1[0]);
    const done = new Promise<number>((resolve) => station.once('identified', () => resolve(hrNow())));
    const { written } = await writer.play([[0, 0, frame]], 2);
    identified.push((await done) - written[0]);
  }
  identified.sort((a, b) => a - b);
  arrived.sort((a, b) => a - b);
  report({
    name: 'identification: first tag byte on the pty → unit identified, p50',
    value: percentile(identified, 50),
    unit: 'ms',
    peer: { name: 'raw frame arrival on the same pty, p50', value: percentile(arrived, 50) },
  });
  report({
    name: 'identification: first tag byte on the pty → unit identified, p99',
    value: percentile(identified, 99),
    unit: 'ms',
    peer: { name: 'raw frame arrival on the same pty, p99', value: percentile(arrived, 99) },
  });
  await line.stop(2000);
  await reader.stop();
  await new Promise<void>((resolve) => raw.close(() => resolve()));
  await writer.stop();
  await bench.close();
}

void main();
