/**
 * A label sent but never confirmed because the gateway died is "print-unknown" after the
 * restart. With onPrintUnknown: reprint it is printed again at start, marked as a reprint; with
 * hold, nothing is printed until an operator reprints it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { openStore } from '../../../src/store/store';
import { Sublevels } from '../../../src/store/layout';
import type { GatewayEvent } from '../../../src/events/event';
import { startGateway } from '../../helpers/gateway-process';
import { TEST_TOKEN, gatewayYaml } from '../../helpers/gateway-config';
import { tempDir } from '../../helpers/tmp';

const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');
const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };
const until = async (what: string, cond: () => boolean, ms = 15000) => {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const policy of ['reprint', 'hold'] as const) {
  describe(`print-unknown after a crash (onPrintUnknown: ${policy})`, function () {
    this.timeout(60000);
    let tmp: ReturnType<typeof tempDir>;
    let printer: VirtualZebra;
    before(() => (tmp = tempDir()));
    after(async () => {
      await printer.stop();
      tmp.cleanup();
    });

    it(
      policy === 'reprint'
        ? 'reprints the label at start, marked as a reprint'
        : 'holds it: nothing printed until an operator asks',
      async () => {
        printer = new VirtualZebra({ printMs: 20 });
        const received: string[] = [];
        printer.on('received', (f) => received.push(f.toString('latin1')));
        const port = await printer.start();
        const file = path.join(tmp.dir, 'linegate.yaml');
        writeFileSync(
          file,
          gatewayYaml(
            tmp.dir,
            `    label: unit
    printer: zebra1
printers:
  zebra1: { connection: { type: tcp, host: 127.0.0.1, port: ${port} }, onPrintUnknown: ${policy}, confirmTimeoutMs: 20000 }
labels:
  unit: { template: ${TEMPLATE} }
`,
          ),
        );
        let gw = await startGateway(file);
        const start = await fetch(`${gw.url}/api/stations/ST10/start`, {
          method: 'POST',
          headers,
          body: '{}',
        });
        const { serial } = (await start.json()) as { serial: string };
        // A reprint that dies mid-print: no reservation holds its serial any more.
        printer.setFaults({ paused: false, slowMs: 0 });
        (printer as unknown as { engine: { options: { printMs: number } } }).engine.options.printMs = 5000;
        void fetch(`${gw.url}/api/units/${serial}/reprint`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ reason: 'smudged', operator: 'op1' }),
        }).catch(() => undefined);
        await until('the reprint to reach the printer', () => received.length === 2);
        gw.child.kill('SIGKILL');
        await gw.exited;
        printer.setPrintMs(20);

        gw = await startGateway(file);
        if (policy === 'reprint') await until('the automatic reprint', () => received.length === 3);
        else await new Promise((r) => setTimeout(r, 500));
        assert.ok(
          gw.lines.some((l) => l.includes('is print-unknown')),
          'the restart logs the print-unknown label',
        );
        gw.child.kill('SIGTERM');
        await gw.exited;

        const store = await openStore(path.join(tmp.dir, 'data'));
        try {
          const events = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
          const printed = events.filter((e) => e.type === 'label.printed' && e.serial === serial);
          const jobs = await store.sub(Sublevels.printJobs).values().all();
          if (policy === 'reprint') {
            assert.equal(received.length, 3);
            assert.ok(received[2].includes(serial), 'the same serial');
            assert.deepEqual(
              printed.map((e) => [e.data.reprint, e.data.reason]),
              [
                [false, undefined],
                [true, 'print-unknown after restart'],
              ],
            );
            assert.equal(jobs.length, 0, 'the unknown job is settled');
          } else {
            assert.equal(received.length, 2, 'held: not printed again');
            assert.equal(printed.length, 1);
            assert.equal(jobs.length, 1, 'the job stays, for an operator to settle with a reprint');
          }
        } finally {
          await store.close();
        }
      },
    );
  });
}
