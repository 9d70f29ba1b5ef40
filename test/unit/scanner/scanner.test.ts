import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MockBinding } from '@serialport/binding-mock';
import { SerialPortMock } from 'serialport';
import { SerialScanner } from '../../../devices/scanner/scanner';
import { decodeScanText, isLineNoise } from '../../../devices/scanner/text';
import type { Scan } from '../../../src/ports';
import { GS, parseGs1Scan } from '../../../src/gs1';
import { silentLog } from '../../helpers/silent-log';
import { everySplit } from '../serial/framer.helper';
import { LineFramer } from '../../../devices/serial/framing/line-framer';

const fixture = readFileSync(path.join(__dirname, 'fixtures', 'scanner-session.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('< '))
  .map((l) => Buffer.from(l.slice(2).replace(/\s+/g, ''), 'hex'));
const GS1_DATAMATRIX = `]d2010950110153000317261231` + `10ABC123${GS}21SN0001`;

describe('scanner text', () => {
  it('keeps GS1 and ISO 15434 separators; rejects line noise', () => {
    assert.equal(isLineNoise(Buffer.from(GS1_DATAMATRIX, 'latin1')), false);
    assert.equal(isLineNoise(Buffer.from('[)>\x1e06\x1dP1\x1e\x04', 'latin1')), false);
    assert.equal(isLineNoise(Buffer.from([0x41, 0x00, 0x42])), true);
    assert.equal(isLineNoise(Buffer.from([0x1b, 0x5b])), true);
  });

  it('decodes UTF-8; bytes >= 0x80 that are not UTF-8, C1 controls and U+FFFD are noise', () => {
    assert.equal(decodeScanText(Buffer.from('Größe-1', 'utf8')), 'Größe-1');
    assert.equal(isLineNoise(Buffer.from([0x41, 0xc4, 0x42])), true); // Latin-1 Ä: not UTF-8
    assert.equal(isLineNoise(Buffer.from([0x41, 0xff, 0xfe])), true);
    assert.equal(isLineNoise(Buffer.from('A\u0085B', 'utf8')), true); // C1 NEL
    assert.equal(isLineNoise(Buffer.from('A\ufffdB', 'utf8')), true);
    assert.equal(isLineNoise(Buffer.from('A\ue000B', 'utf8')), true); // private use
    assert.throws(() => decodeScanText(Buffer.from([0xff])), TypeError);
  });

  it('random noise lines never pass as text with a control or an invalid byte (the 19.6 report)', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24) & 0xff;
    let passed = 0;
    for (let n = 0; n < 5_000; n++) {
      const line = Buffer.from(Array.from({ length: 16 }, rand).filter((b) => b !== 0x0d && b !== 0x0a));
      if (!isLineNoise(line)) {
        passed++;
        assert.match(decodeScanText(line), /^[^\p{Cc}\uFFFD]*$/u); // whatever passes is printable text
      }
    }
    // With the old filter about 6% passed; a printable 16-byte line is now about 1 in 10^6.
    assert.ok(passed < 5, `${passed} noise lines passed`);
  });
});

describe('scanner framing of the fixture session', () => {
  it('every scan survives framing byte-exact at every byte boundary; GS1 lines parse in the core', () => {
    const bytes = Buffer.concat(fixture);
    const expected = fixture.map((b) => b.subarray(0, b.length - 2)); // without CR LF
    for (const chunks of everySplit(bytes)) {
      const framer = new LineFramer();
      assert.deepEqual(
        chunks.flatMap((c) => framer.feed(c)),
        expected,
      );
    }
    const texts = expected.map(decodeScanText);
    assert.equal(texts[0], GS1_DATAMATRIX);
    assert.deepEqual(parseGs1Scan(texts[0]), {
      ais: { '01': '09501101530003', '17': '261231', '10': 'ABC123', '21': 'SN0001' },
      gtin: '09501101530003',
      serial: 'SN0001',
      lot: 'ABC123',
      expiry: '261231',
    });
    assert.equal(parseGs1Scan(texts[1])?.lot, 'LOT-7');
    assert.equal(parseGs1Scan(texts[2])?.serial, '00042');
    assert.equal(parseGs1Scan(texts[3]), undefined); // a plain component serial
  });
});

describe('SerialScanner (on @serialport/binding-mock)', () => {
  let mock: SerialPortMock | undefined;
  let scanner: SerialScanner;
  let now = 42;

  beforeEach(() => {
    now = 42;
    MockBinding.createPort('/dev/SCAN', { echo: false });
    scanner = new SerialScanner({
      ctx: { name: 'scan20', log: silentLog, clock: { now: () => now }, dataDir: '/nonexistent' },
      address: { path: '/dev/SCAN', baudRate: 9600 },
      tuning: {
        openPort: (a) => (mock = new SerialPortMock({ path: a.path, baudRate: a.baudRate, autoOpen: false })),
      },
    });
  });

  afterEach(async () => {
    await scanner.stop();
    MockBinding.reset();
  });

  it('emits one scan per line, byte-exact, and counts noise lines', async () => {
    const scans: Scan[] = [];
    scanner.on('scan', (s) => scans.push(s));
    await scanner.start();
    const done = new Promise<void>((resolve) => scanner.on('scan', () => scans.length === 5 && resolve()));
    mock!.port!.emitData(
      Buffer.concat([fixture[0], Buffer.from([0x00, 0xff, 0x07, 0x0d, 0x0a]), ...fixture.slice(1)]),
    );
    await done;
    assert.equal(scans[0].text, GS1_DATAMATRIX);
    assert.equal(scans[0].time, 42);
    assert.deepEqual(
      scans.map((s) => Buffer.from(s.text, 'latin1')),
      fixture.map((b) => b.subarray(0, b.length - 2)),
    );
    const h = scanner.health();
    assert.equal(h.ok, true);
    assert.equal(h.detail?.scans, 5);
    assert.equal(h.detail?.noiseLines, 1);
    await scanner.stop();
    await scanner.stop();
    assert.equal(scanner.health().state, 'stopped');
  });

  it('times each scan when its first byte arrived, not when its line ended', async () => {
    const scans: Scan[] = [];
    await scanner.start();
    const done = new Promise<void>((resolve) => scanner.on('scan', (s) => scans.push(s) === 3 && resolve()));
    const data = (at: number, text: string) => {
      now = at;
      mock!.port!.emitData(Buffer.from(text, 'latin1'));
    };
    const tick = () => new Promise((r) => setImmediate(r));
    data(100, 'CMP-');
    await tick();
    data(131, '0001\r\nCMP-0002\r\nCMP'); // a 9600-baud line takes ~1 ms a byte
    await tick();
    data(160, '-0003\r');
    await tick();
    data(170, '\n');
    await done;
    assert.deepEqual(
      scans.map((s) => [s.text, s.time]),
      [
        ['CMP-0001', 100],
        ['CMP-0002', 131],
        ['CMP-0003', 131],
      ],
    );
  });
});
