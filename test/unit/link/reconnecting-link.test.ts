import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { MockBinding } from '@serialport/binding-mock';
import { SerialPortMock } from 'serialport';
import sinon from 'sinon';
import { ReconnectingLink, serialOpener, type PortLike } from '../../../devices/link';
import { hasCode } from '../../../src/errors';

/** A stand-in for a serialport stream whose device can be plugged in and pulled out. */
class FakeDevice {
  present = false;
  opened: FakePort[] = [];
  make = (): PortLike => new FakePort(this);
  get current(): FakePort | undefined {
    return this.opened.filter((p) => p.isOpen).at(-1);
  }
  pull(): void {
    this.present = false;
    const p = this.current;
    if (p) {
      p.isOpen = false;
      p.emit('close', Object.assign(new Error('bad file descriptor'), { disconnected: true }));
    }
  }
}

class FakePort extends EventEmitter {
  isOpen = false;
  written: Buffer[] = [];
  constructor(private readonly device: FakeDevice) {
    super();
  }
  open(cb: (err: Error | null) => void): void {
    setImmediate(() => {
      if (!this.device.present)
        return cb(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }));
      this.isOpen = true;
      this.device.opened.push(this);
      cb(null);
    });
  }
  close(cb: (err: Error | null) => void): void {
    this.isOpen = false;
    setImmediate(() => cb(null));
  }
  write(data: Buffer, cb: (err: Error | null) => void): boolean {
    this.written.push(data);
    setImmediate(() => cb(null));
    return true;
  }
  drain(cb: (err: Error | null) => void): void {
    setImmediate(() => cb(null));
  }
}

describe('ReconnectingLink over a serial port', () => {
  let clock: sinon.SinonFakeTimers;
  let device: FakeDevice;
  let port: ReconnectingLink;

  beforeEach(() => {
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    device = new FakeDevice();
    port = new ReconnectingLink({
      opener: serialOpener({ path: '/dev/fake', baudRate: 9600, openPort: device.make }),
      backoff: { minMs: 100, maxMs: 800, random: () => 0.999999 },
      clock: { now: () => Date.now() },
    });
  });

  afterEach(async () => {
    await port.stop();
    clock.restore();
  });

  const flush = () => new Promise((r) => setImmediate(r));

  it('retries an absent device with growing delays and shows it in health', async () => {
    await port.start();
    assert.equal(port.isOpen, false);
    assert.match(port.health().state, /^reconnecting in 1 s \(ENOENT/);
    const attemptsAfter = async (ms: number) => {
      await clock.tickAsync(ms);
      await flush();
      return port.health().detail?.failedOpens;
    };
    assert.equal(await attemptsAfter(100), 2); // first retry after 100 ms
    assert.equal(await attemptsAfter(199), 2); // the next one waits 200 ms
    assert.equal(await attemptsAfter(1), 3);
    assert.equal(await attemptsAfter(400), 4);
    assert.equal(await attemptsAfter(800), 5);
    assert.equal(await attemptsAfter(800), 6); // capped at maxMs
  });

  it('opens when the device appears, forwards data, and reconnects after it disappears', async () => {
    const events: string[] = [];
    port.on('open', () => events.push('open'));
    port.on('close', (err) => events.push(`close ${err?.message ?? ''}`));
    const data = sinon.spy();
    port.on('data', data);
    await port.start();
    device.present = true;
    await clock.tickAsync(100);
    await flush();
    assert.equal(port.isOpen, true);
    assert.equal(port.health().state, 'connected');
    device.current!.emit('data', Buffer.from('hi'));
    assert.deepEqual(data.firstCall.args[0], Buffer.from('hi'));

    device.pull();
    assert.equal(port.isOpen, false);
    assert.match(port.state(), /^reconnecting/);
    device.present = true;
    await clock.tickAsync(1000);
    await flush();
    assert.equal(port.isOpen, true);
    assert.deepEqual(events, ['open', 'close bad file descriptor', 'open']);
    assert.deepEqual(port.health().detail, { path: '/dev/fake', opens: 2, disconnects: 1, failedOpens: 1 });
  });

  it('write() rejects SERIAL_NOT_OPEN while the device is away, and writes when it is open', async () => {
    await port.start();
    await assert.rejects(port.write(Buffer.from('x')), (e: unknown) => hasCode(e, 'SERIAL_NOT_OPEN'));
    device.present = true;
    await clock.tickAsync(100);
    await flush();
    await port.write(Buffer.from('cmd'));
    assert.deepEqual(device.current!.written, [Buffer.from('cmd')]);
  });

  it('stop() closes the port, removes its listeners and clears the retry timer; it is idempotent', async () => {
    device.present = true;
    await port.start();
    const fake = device.current!;
    assert.equal(fake.listenerCount('data'), 1);
    await port.stop();
    await port.stop();
    assert.equal(fake.isOpen, false);
    assert.equal(fake.listenerCount('data'), 0);
    assert.equal(fake.listenerCount('close'), 0);
    assert.equal(port.state(), 'stopped');

    const other = new ReconnectingLink({
      opener: serialOpener({ path: '/dev/none', baudRate: 9600, openPort: new FakeDevice().make }),
    });
    await other.start();
    assert.equal(clock.countTimers(), 1);
    await other.stop();
    assert.equal(clock.countTimers(), 0);
  });
});

describe('ReconnectingLink with @serialport/binding-mock', () => {
  afterEach(() => MockBinding.reset());

  it('opens a mock port and forwards its bytes', async () => {
    MockBinding.createPort('/dev/ROBOT', { echo: false, record: true });
    let mock: SerialPortMock | undefined;
    const port = new ReconnectingLink({
      opener: serialOpener({
        path: '/dev/ROBOT',
        baudRate: 115200,
        openPort: (a) => (mock = new SerialPortMock({ path: a.path, baudRate: a.baudRate, autoOpen: false })),
      }),
    });
    const got = new Promise<Buffer>((resolve) => port.once('data', resolve));
    await port.start();
    assert.equal(port.isOpen, true);
    mock!.port!.emitData(Buffer.from([0xbb, 0x7e]));
    assert.deepEqual(await got, Buffer.from([0xbb, 0x7e]));
    await port.write(Buffer.from('ping'));
    assert.deepEqual(mock!.port!.recording, Buffer.from('ping'));
    await port.stop();
    assert.equal(mock!.isOpen, false);
  });
});
