/**
 * Printing benchmark parts shared by the print benchmarks: the shipped unit label, the Zebra
 * driver on a port, and the raw peer (one label write plus one ~HS answered, on a plain socket).
 */
import * as net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createZebraPrinter, type ZebraPrinterTuning } from '../../devices/zebra/factory';
import type { PrinterConfig } from '../../devices/zebra/config';
import { compileTemplate } from '../../src/labels/template';
import { systemClock } from '../../src/ports';

export const log = pino({ level: 'silent' });
const template = compileTemplate(
  readFileSync(path.resolve(__dirname, '../../config/labels/unit.zpl'), 'utf8'),
  'unit.zpl',
);

/** The shipped unit label for a serial. */
export function sampleLabel(serial: string): Buffer {
  return template.render({ serial, partNumber: 'PN-100', station: 'ST10', date: '2026-11-21' });
}

/** The Zebra driver on the virtual printer's port. */
export function zebra(
  port: number,
  dataDir: string,
  config: Partial<PrinterConfig> = {},
  tuning: ZebraPrinterTuning = { watchIntervalMs: 0 },
) {
  const full = {
    connection: { type: 'tcp', host: '127.0.0.1', port },
    statusTimeoutMs: 2000,
    confirmTimeoutMs: 15000,
    onPrintUnknown: 'hold',
    ...config,
  } as PrinterConfig;
  return createZebraPrinter(full, { name: 'zebra1', log, clock: systemClock, dataDir }, tuning);
}

/** Writes a label plus ~HS on a plain socket; resolves when the three status lines came back. */
export function labelAndStatus(sock: net.Socket, label: Buffer): Promise<void> {
  return new Promise<void>((resolve) => {
    let etx = 0;
    const on = (b: Buffer) => {
      for (const x of b) if (x === 3) etx++;
      if (etx >= 3) {
        sock.off('data', on);
        resolve();
      }
    };
    sock.on('data', on);
    sock.write(Buffer.concat([label, Buffer.from('~HS')]));
  });
}

/** `n` times (after 20 warm-ups) one label write plus one ~HS answered, sorted latencies in ms. */
export async function bare(port: number, n: number): Promise<number[]> {
  const sock = net.connect({ host: '127.0.0.1', port });
  sock.setNoDelay(true);
  await new Promise((r) => sock.once('connect', r));
  const label = sampleLabel('2647000012');
  const out: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const t0 = performance.now();
    await labelAndStatus(sock, label);
    if (i >= 20) out.push(performance.now() - t0);
  }
  sock.destroy();
  await new Promise((r) => setTimeout(r, 100));
  return out.sort((a, b) => a - b);
}

/**
 * `n` confirmed prints of the unit label through the Zebra driver (after 20 warm-ups), sorted
 * latencies in ms; `gapMs` picks a pause before each (labels at random moments).
 */
export async function timedPrints(
  port: number,
  n: number,
  config: Partial<PrinterConfig> = {},
  watchIntervalMs = 0,
  gapMs: () => number = () => 0,
): Promise<number[]> {
  const printer = zebra(port, '/nonexistent', config, { watchIntervalMs });
  await printer.start();
  const label = sampleLabel('2647000012');
  const out: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const gap = gapMs();
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    const t0 = performance.now();
    await printer.print(label);
    if (i >= 20) out.push(performance.now() - t0);
  }
  await printer.stop();
  await new Promise((r) => setTimeout(r, 100));
  return out.sort((a, b) => a - b);
}
