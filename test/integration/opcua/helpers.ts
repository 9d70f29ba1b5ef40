/**
 * Shared pieces of the OPC UA integration tests: an in-memory station that behaves like the real
 * one (one pending serial per station until acknowledged), a log capture, and polling waits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  systemClock,
  type DeviceContext,
  type Logger,
  type StartOutcome,
  type StartPort,
  type StartRequest,
} from '../../../src/ports';

/** A station that hands out serials and keeps one pending per station until acknowledge(). */
export class FakeStation implements StartPort {
  readonly issued: string[] = [];
  readonly acknowledged: string[] = [];
  readonly requests: StartRequest[] = [];
  pending: string | undefined;
  /** awaited inside start() before it answers (fault injection). */
  beforeAnswer: (() => Promise<void>) | undefined;
  /** a non-zero result to answer instead of a serial. */
  failWith: StartOutcome['result'] | undefined;
  private seq = 0;

  constructor(readonly stationId: string) {}

  async start(request: StartRequest): Promise<StartOutcome> {
    this.requests.push(request);
    if (this.beforeAnswer) await this.beforeAnswer();
    if (this.failWith !== undefined) return { result: this.failWith, error: 'injected', code: 'TEST' };
    if (this.pending === undefined) {
      this.seq += 1;
      this.pending = `${this.stationId}-${String(this.seq).padStart(6, '0')}`;
      this.issued.push(this.pending);
    }
    return { result: 0, serial: this.pending };
  }

  async acknowledge(serial: string): Promise<void> {
    this.acknowledged.push(serial);
    if (this.pending === serial) this.pending = undefined;
  }

  readonly operations: Array<{ serial: string; result?: string; parameters: Record<string, unknown> }> = [];
  async recordOperation(
    serial: string,
    result: 'pass' | 'fail' | undefined,
    parameters: Record<string, unknown>,
  ) {
    this.operations.push({ serial, result, parameters });
  }
}

/** A pino logger whose JSON lines are kept in `lines`. */
export function captureLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: process.env.LINEGATE_TEST_LOG ?? 'debug' }, stream), lines };
}

/** A device context on a temp data dir. */
export function makeCtx(name: string, dataDir: string, log: Logger): DeviceContext {
  return { name, log: log.child({ device: name }), clock: systemClock, dataDir };
}

/** A fresh temp directory; remove it with removeDir. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `linegate-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls `cond` every 10 ms; rejects naming `what` after `timeoutMs` (a hang guard, not a timing assertion). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A TCP proxy that can swallow all traffic without closing anything, like a pulled cable. */
export async function blackholeProxy(targetPort: number): Promise<{
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}> {
  const net = await import('node:net');
  let cut = false;
  const sockets = new Set<import('node:net').Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!cut) to.write(chunk);
      });
      from.on('close', () => to.destroy());
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut: () => (cut = true),
    restore: () => (cut = false),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
