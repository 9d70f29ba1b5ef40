/**
 * Scanner line noise (issue 19, item 6): random bytes on a real pty, as a loose connector or a
 * wrong baud rate produces them, while a unit is identified at the station. Nothing may be
 * consumed, and every line must be counted: as noise by the scanner driver, or as a refused scan
 * by the station.
 */
import { tagNotice } from '../../../devices/rfid/protocols/uhf-bb7e';
import { allFamilies } from '../../../src/cli/compose';
import { Gateway } from '../../../src/gateway';
import type { DeviceHealth } from '../../../src/ports';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { PtyWriter, type PlannedWrite } from '../../helpers/pty-writer';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import type { Fault, FaultOutcome } from '../fault';

const CARRIER = 'E28011606000020812349999';

/** `n` lines of random bytes (1-48 of them, never CR or LF), each ended by CR LF; seeded. */
function noiseLines(n: number, seed: number, highOnly: boolean): Buffer[] {
  let s = seed >>> 0;
  const byte = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
  return Array.from({ length: n }, () => {
    const length = 1 + (byte() % 48);
    const out: number[] = [];
    while (out.length < length) {
      const b = highOnly ? 0x80 | byte() : byte();
      if (b !== 0x0d && b !== 0x0a) out.push(b);
    }
    return Buffer.concat([Buffer.from(out), Buffer.from('\r\n')]);
  });
}

async function noiseCase(lines: number, highOnly: boolean): Promise<FaultOutcome> {
  const tmp = tempDir();
  const writer = new PtyWriter();
  let gateway: Gateway | undefined;
  try {
    await writer.start(3);
    const [p10, p20, s20] = writer.paths;
    const line = `    carrier: { reader: rfid10 }
  - id: ST20
    kind: assembly
    identify: { reader: rfid20 }
    consume: { scanner: scan20, pattern: '^CMP-\\d{6}$' }
readers:
  rfid10: { connection: { type: serial, path: ${p10} }, protocol: uhf-bb7e }
  rfid20: { connection: { type: serial, path: ${p20} }, protocol: uhf-bb7e, dedupWindowMs: 5000 }
scanners:
  scan20: { connection: { type: serial, path: ${s20}, baudRate: 9600 } }
`;
    gateway = new Gateway({ config: gatewayConfig(tmp.dir, line), log: silentLog, families: allFamilies() });
    await gateway.start();
    const ready = () =>
      ['reader:rfid10', 'reader:rfid20', 'scanner:scan20'].every((p) => gateway!.health().parts[p]?.ok);
    for (const end = Date.now() + 10_000; !ready(); await new Promise((r) => setTimeout(r, 20)))
      if (Date.now() > end) throw new Error('ports did not open');
    // A unit on a carrier at the station, read all along: every scan has a unit to go into.
    await writer.play([[0, 0, tagNotice({ epc: CARRIER, rssi: -50 })]]);
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${gateway.url}/api/stations/ST10/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const unit = ((await res.json()) as { serial?: string }).serial;
    if (!unit) throw new Error('no unit started');
    const noise = noiseLines(lines, highOnly ? 0x9e3779b9 : 0x85ebca6b, highOnly);
    const writes: PlannedWrite[] = [[0, 1, tagNotice({ epc: CARRIER, rssi: -50 })]];
    noise.forEach((bytes, i) => writes.push([i, 2, bytes]));
    writes.push(
      [lines, 1, tagNotice({ epc: CARRIER, rssi: -50 })],
      [lines + 1, 2, Buffer.from('CMP-000001\r\n')],
    );
    await writer.play(writes);
    const station = gateway.stations!.lineStations.get('ST20')!;
    const scanner = () =>
      (gateway!.device('scanner', 'scan20') as unknown as { health(): DeviceHealth }).health();
    const counted = () => Number(scanner().detail?.noiseLines ?? 0) + station.stats.refused;
    for (const end = Date.now() + 20_000; counted() + station.stats.consumed < lines + 1 && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 25));
    const view = (await (await fetch(`${gateway.url}/api/units/${unit}`)).json()) as {
      components?: Array<{ serial?: string }>;
    };
    const components = view.components ?? [];
    const noiseConsumed = components.filter((c) => c.serial !== 'CMP-000001').length;
    const uncounted = lines - counted();
    return {
      injected: `${lines} lines of random ${highOnly ? 'bytes >= 0x80' : 'bytes'} on the scanner pty, a unit at the station`,
      answered:
        `${scanner().detail?.noiseLines} dropped as noise, ${station.stats.refused} refused by the station ` +
        `(${JSON.stringify(station.stats.refusals)}), ${noiseConsumed} consumed; the real scan after them consumed: ${components.length - noiseConsumed === 1}`,
      false: {
        otherFalse: noiseConsumed + Math.abs(uncounted) + (components.length - noiseConsumed === 1 ? 0 : 1),
      },
    };
  } finally {
    await gateway?.stop();
    await writer.stop();
    tmp.cleanup();
  }
}

export const faults: Fault[] = [
  { name: 'scanner.noise-random-bytes', quick: true, run: () => noiseCase(400, false) },
  { name: 'scanner.noise-high-bytes', quick: false, run: () => noiseCase(400, true) },
  { name: 'scanner.noise-long-run', quick: false, run: () => noiseCase(20_000, false) },
];
