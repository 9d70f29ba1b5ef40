/**
 * Printer faults (issue 19, items 1-4), each on a real gateway process and a printer on a real
 * TCP port: what was injected, what the gateway answered, and every false thing it said (a serial
 * answered to two requests, a label confirmed that never printed, a printer never reconnected).
 */
import type { StartAnswer } from '../../helpers/printer-gateway';
import { FakePrinter, type FakePrinterMode } from '../../helpers/fake-printer';
import { PrinterGateway } from '../../helpers/printer-gateway';
import { tempDir } from '../../helpers/tmp';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import type { Fault, FaultOutcome } from '../fault';

/** How long a printer that is back may take to be reconnected before it counts as never. */
const RECONNECT_BOUND_MS = 20_000;

/** Runs `body` with a fresh data directory and a gateway on a printer at `port`; cleans up. */
async function onGateway<T>(
  port: number,
  body: (gateway: PrinterGateway) => Promise<T>,
  cleanup: () => Promise<void>,
): Promise<T> {
  const tmp = tempDir();
  const gateway = new PrinterGateway(tmp.dir, { port });
  try {
    await gateway.start();
    return await body(gateway);
  } finally {
    await gateway.kill();
    await cleanup();
    tmp.cleanup();
  }
}

/** "200 2600000015" or "503 result 2 PRINTER_SILENT". */
function said(a: StartAnswer): string {
  return a.status === 200 ? `200 ${a.body.serial}` : `${a.status} result ${a.body.result} ${a.body.code}`;
}

/** Whether the printer comes back within the bound (polls health). */
async function reconnected(gateway: PrinterGateway): Promise<boolean> {
  for (const end = Date.now() + RECONNECT_BOUND_MS; Date.now() < end;) {
    if ((await gateway.printerHealth()).ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Item 1: A fails after reserving, B takes the reservation and prints, A retried. */
function takeover(crash: boolean): Fault {
  return {
    name: `serial.twice-after-takeover${crash ? '-sigkill' : ''}`,
    quick: !crash,
    run: async () => {
      const printer = new VirtualZebra({ printMs: 5 });
      const received: string[] = [];
      printer.on('received', (f) => received.push(f.toString('latin1')));
      return onGateway(
        await printer.start(),
        async (gateway): Promise<FaultOutcome> => {
          printer.setFaults({ silent: true });
          const a1 = await gateway.startUnit('A');
          if (crash) await gateway.crashAndRestart();
          printer.setFaults({ silent: false });
          const b = await gateway.startUnit('B');
          if (crash) await gateway.crashAndRestart();
          const a2 = await gateway.startUnit('A');
          const twice = a2.status === 200 && b.status === 200 && a2.body.serial === b.body.serial ? 1 : 0;
          const unprinted = [a2, b].filter(
            (x) => x.status === 200 && !received.some((f) => f.includes(x.body.serial!)),
          ).length;
          return {
            injected: `printer silent during start A${crash ? ', SIGKILL' : ''}; start B after it came back${crash ? ', SIGKILL' : ''}; A retried`,
            answered: `A: ${said(a1)}; B: ${said(b)}; A retried: ${said(a2)}`,
            false: { servedTwice: twice, confirmedUnprinted: unprinted },
          };
        },
        () => printer.stop(),
      );
    },
  };
}

/** Item 2: the printer unreachable for a while (down 2 s, or not up when the gateway starts). */
function unreachable(when: 'down-2s' | 'before-gateway'): Fault {
  return {
    name: `printer.unreachable-${when}`,
    quick: false,
    run: async () => {
      let printer = new VirtualZebra({ printMs: 5 });
      const port = await printer.start();
      if (when === 'before-gateway') await printer.stop();
      return onGateway(
        port,
        async (gateway): Promise<FaultOutcome> => {
          if (when === 'down-2s') {
            await printer.stop();
            await new Promise((r) => setTimeout(r, 2000));
          } else {
            await new Promise((r) => setTimeout(r, 1000));
          }
          const meanwhile = await gateway.printerHealth();
          printer = new VirtualZebra({ printMs: 5, port });
          await printer.start();
          const back = await reconnected(gateway);
          const after = await gateway.startUnit();
          const printed = printer.printed().some((f) => f.toString('latin1').includes(after.body.serial!));
          return {
            injected:
              when === 'down-2s'
                ? 'printer unreachable for 2 s'
                : 'gateway started before the printer (printer up 1 s later)',
            answered: `health while down: "${meanwhile.state}"; ${back ? 'reconnected' : `not reconnected within ${RECONNECT_BOUND_MS} ms`}; next start ${said(after)}`,
            false: {
              otherFalse: back ? 0 : 1,
              confirmedUnprinted: after.status === 200 && !printed ? 1 : 0,
            },
          };
        },
        () => printer.stop(),
      );
    },
  };
}

const MISBEHAVIOUR: Record<Exclude<FakePrinterMode, 'normal'>, string> = {
  'stall-mid-label': 'printer stops reading mid-label, answers "0 formats, 0 labels" on a new connection',
  'reset-mid-label': 'printer resets the connection mid-label',
  garbage: '~HS answered with garbage of the right comma counts',
};

/** Items 3 and 4: a label start against a printer that misbehaves, then the retry. */
function misbehaving(mode: Exclude<FakePrinterMode, 'normal'>): Fault {
  return {
    name: `printer.${mode}`,
    quick: mode !== 'reset-mid-label',
    run: async () => {
      const printer = new FakePrinter();
      return onGateway(
        await printer.start(),
        async (gateway): Promise<FaultOutcome> => {
          printer.mode = mode;
          const first = await gateway.startUnit();
          const unprinted = (a: StartAnswer) =>
            a.status === 200 && !printer.printed.some((f) => f.includes(a.body.serial!)) ? 1 : 0;
          const health = await gateway.printerHealth();
          printer.mode = 'normal';
          await gateway.printerReady();
          const retry = await gateway.startUnit();
          await gateway.stop();
          const events = await gateway.events();
          // Every label.printed must name a serial the printer really printed.
          const confirmed = events.filter((e) => e.type === 'label.printed').map((e) => e.serial!);
          const falseEvents = confirmed.filter((s) => !printer.printed.some((f) => f.includes(s))).length;
          return {
            injected: MISBEHAVIOUR[mode],
            answered: `${said(first)}; printer health "${health.state}"; retry ${said(retry)}; label.printed ${confirmed.length}, printed ${printer.printed.length}`,
            false: {
              confirmedUnprinted: Math.max(unprinted(first) + unprinted(retry), falseEvents),
              // Garbage still coming: a health that says ready reads it as a status.
              otherFalse: mode === 'garbage' && health.ok ? 1 : 0,
            },
          };
        },
        () => printer.stop(),
      );
    },
  };
}

export const faults: Fault[] = [
  takeover(false),
  takeover(true),
  unreachable('down-2s'),
  unreachable('before-gateway'),
  misbehaving('stall-mid-label'),
  misbehaving('reset-mid-label'),
  misbehaving('garbage'),
];
