/**
 * A printer unreachable once must be reconnected: a failed connect attempt arms the next one
 * (issue 19.2: a failed attempt used to schedule its retry while still marked connecting, so no
 * retry was armed and the printer was never seen again). Real gateway processes and sockets: the
 * printer killed for 2 s, the gateway started before the printer, and a serial device path that
 * appears only after the link started (TCP, serial and USB share this logic: devices/link).
 */
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { serialOpener, tcpOpener } from '../../../devices/link';
import { printerLink } from '../../../devices/zebra/printer-link';
import { PrinterGateway, until } from '../../helpers/printer-gateway';
import { tempDir } from '../../helpers/tmp';
import { startPtyPrinter, type PtyPrinter } from './pty.helper';
import { freePort } from '../../helpers/free-port';

const printerState = (gateway: PrinterGateway) => gateway.printerHealth();

describe('printer reconnect after an unreachable printer (real processes and sockets)', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  let printer: VirtualZebra | undefined;
  let gateway: PrinterGateway | undefined;
  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    await gateway?.kill();
    await printer?.stop();
    tmp.cleanup();
  });

  it('the printer killed for 2 s: reconnected, and the next start prints', async () => {
    printer = new VirtualZebra({ printMs: 10 });
    const port = await printer.start();
    gateway = new PrinterGateway(tmp.dir, { port });
    await gateway.start();
    assert.equal((await gateway.startUnit()).status, 200);
    await printer.stop();
    const down = await gateway.startUnit();
    assert.deepEqual([down.status, down.body.result], [503, 2], 'result 2 while the printer is down');
    await new Promise((r) => setTimeout(r, 2000));
    printer = new VirtualZebra({ printMs: 10, port });
    await printer.start();
    await until('the gateway to reconnect', async () => (await printerState(gateway!)).ok);
    const back = await gateway.startUnit();
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(printer.printed().length, 1, 'the label printed on the printer that came back');
  });

  it('the gateway started before the printer: health says it is retrying, then it connects', async () => {
    const port = await freePort();
    gateway = new PrinterGateway(tmp.dir, { port });
    await gateway.start();
    await until('a failed attempt', async () => /failed/.test((await printerState(gateway!)).state));
    const state = (await printerState(gateway)).state;
    assert.match(state, /^(reconnecting in \d+ s|connecting) \(\d+ failed: .*ECONNREFUSED/, state);
    const early = await gateway.startUnit();
    assert.equal(early.body.result, 2);
    assert.equal(early.body.code, 'PRINTER_OFFLINE');
    printer = new VirtualZebra({ printMs: 10, port });
    await printer.start();
    await until('the gateway to connect', async () => (await printerState(gateway!)).ok);
    const served = await gateway.startUnit();
    assert.equal(served.status, 200, JSON.stringify(served.body));
    assert.equal(printer.printed().length, 1);
  });
});

describe('printer links retry after a failed first attempt', function () {
  this.timeout(30000);

  it('tcp: a port that starts listening later is connected', async () => {
    const port = await freePort();
    const transport = printerLink(tcpOpener({ host: '127.0.0.1', port }), {
      backoff: { minMs: 20, maxMs: 100 },
    });
    const sim = new VirtualZebra({ port });
    try {
      await transport.start();
      assert.equal(transport.isOpen, false);
      assert.match(transport.state(), /^reconnecting in \d+ s \(1 failed: .*ECONNREFUSED/);
      await sim.start();
      await until('connected', () => transport.isOpen);
      assert.equal(sim.connections, 1);
    } finally {
      await transport.stop();
      await sim.stop();
    }
  });

  it('serial: a device path that appears later is opened', async () => {
    let pty: PtyPrinter | undefined;
    const tmp = tempDir();
    const link = path.join(tmp.dir, 'ttyPrinter');
    const transport = printerLink(serialOpener({ path: link, baudRate: 115200 }), {
      backoff: { minMs: 20, maxMs: 100 },
    });
    try {
      await transport.start();
      assert.equal(transport.isOpen, false);
      assert.match(transport.state(), /\(1 failed: /);
      // Retry keeps failing while the path is absent; it must keep being retried.
      await until('three failed attempts', () => /\([3-9]\d* failed/.test(transport.state()));
      pty = await startPtyPrinter();
      symlinkSync(pty.hostPath, link); // the printer is plugged in
      await until('connected', () => transport.isOpen);
    } finally {
      await transport.stop();
      await pty?.stop();
      tmp.cleanup();
    }
  });
});
