/**
 * One serial, result 0, to one request only. A start with requestId A reserves a serial and fails
 * (the printer is silent: 503 result 2); the printer comes back; a start with requestId B takes
 * the reservation over and prints it; A retried must then get a serial of its own and its own
 * label, never B's serial without a label. Real gateway processes, SIGKILLed between the steps in
 * every combination, and a virtual Zebra on a real TCP socket.
 */
import assert from 'node:assert/strict';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { PrinterGateway } from '../../helpers/printer-gateway';
import { tempDir } from '../../helpers/tmp';

const VARIANTS = [
  { afterA: false, afterB: false },
  { afterA: true, afterB: false },
  { afterA: false, afterB: true },
  { afterA: true, afterB: true },
];

describe('a reservation taken over by another request (real processes)', function () {
  this.timeout(60000);
  for (const kills of VARIANTS) {
    const name =
      [kills.afterA && 'SIGKILL after A failed', kills.afterB && 'SIGKILL after B printed']
        .filter(Boolean)
        .join(', ') || 'no restart';
    it(`A's retry gets its own serial and label, B keeps its own (${name})`, async () => {
      const tmp = tempDir();
      const printer = new VirtualZebra({ printMs: 10 });
      const received: string[] = [];
      printer.on('received', (f) => received.push(f.toString('latin1')));
      const gateway = new PrinterGateway(tmp.dir, { port: await printer.start() });
      try {
        await gateway.start();
        printer.setFaults({ silent: true });
        const a1 = await gateway.startUnit('A');
        assert.equal(a1.status, 503);
        assert.equal(a1.body.result, 2, `A fails on the silent printer: ${JSON.stringify(a1.body)}`);
        if (kills.afterA) await gateway.crashAndRestart();

        printer.setFaults({ silent: false });
        const b = await gateway.startUnit('B');
        assert.equal(b.status, 200, JSON.stringify(b.body));
        const taken = b.body.serial!;
        assert.equal(received.filter((f) => f.includes(taken)).length, 1, "B's label printed");
        if (kills.afterB) await gateway.crashAndRestart();

        const a2 = await gateway.startUnit('A');
        assert.equal(a2.status, 200, JSON.stringify(a2.body));
        assert.notEqual(a2.body.serial, taken, "A retried is never answered with B's serial");
        assert.equal(
          received.filter((f) => f.includes(a2.body.serial!)).length,
          1,
          "A's own serial has its own label",
        );
        const b2 = await gateway.startUnit('B');
        assert.deepEqual(b2.body, { serial: taken, result: 0 }, 'B retried: the same serial');
        const a3 = await gateway.startUnit('A');
        assert.deepEqual(a3.body, { serial: a2.body.serial, result: 0 }, 'A retried: its new serial');
        assert.equal(received.length, 2, 'idempotent retries print nothing more');
        await gateway.stop();

        const started = (await gateway.events()).filter((e) => e.type === 'unit.started');
        assert.deepEqual(
          started.map((e) => e.serial),
          [taken, a2.body.serial],
          'two units, two serials',
        );
      } finally {
        await gateway.kill();
        await printer.stop();
        tmp.cleanup();
      }
    });
  }
});
