import { EventEmitter } from 'node:events';
import type { BarcodeScanner, DeviceHealth, Scan, TagDeparture, TagRead, TagReader } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';

/** What both fakes share: a name, a lifecycle that does nothing, and a healthy state. */
class FakeDevice extends EventEmitter {
  constructor(readonly name: string) {
    super();
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  health(): DeviceHealth {
    return { ok: true, state: 'fake' };
  }
}

/** An in-memory scanner: tests call scan() where a person would pull the trigger. */
export class FakeScanner extends FakeDevice implements BarcodeScanner {
  scan(text: string): void {
    this.emit('scan', { text, time: Date.now() } satisfies Scan);
  }
}

/** An in-memory RFID reader: tests call read() for each tag visit (its arrival) and leave() for its departure. */
export class FakeReader extends FakeDevice implements TagReader {
  read(epc: string, time = Date.now()): void {
    const read = { epc, time, rssi: -50, antenna: 1 } satisfies TagRead;
    this.emit('arrive', read);
    this.emit('tag', read);
  }
  leave(epc: string, time = Date.now()): void {
    this.emit('depart', { epc, lastSeen: time, time } satisfies TagDeparture);
  }
}

/** A device family of fakes for every reader and scanner in the config, kept for the test. */
export function fakeFamily(): DeviceFamily & {
  readers_: Map<string, FakeReader>;
  scanners_: Map<string, FakeScanner>;
} {
  const readers_ = new Map<string, FakeReader>();
  const scanners_ = new Map<string, FakeScanner>();
  return {
    name: 'fake',
    readers_,
    scanners_,
    readers: (config) => {
      for (const name of Object.keys(config.readers)) readers_.set(name, new FakeReader(name));
      return readers_ as Map<string, TagReader>;
    },
    scanners: (config) => {
      for (const name of Object.keys(config.scanners)) scanners_.set(name, new FakeScanner(name));
      return scanners_ as Map<string, BarcodeScanner>;
    },
  };
}
