/**
 * ZebraPrinter: the LabelPrinter port for ZPL printers. One print at a time (queued), one status
 * query outstanding at a time, and a status watch while idle so health() stays current.
 */
import type { Logger } from 'pino';
import {
  type Clock,
  type DeviceHealth,
  type LabelPrinter,
  type PrinterStatus,
  type PrintOptions,
} from '../../src/ports';
import { faultOf, runPrintJob } from './print-job';
import type { ErrorStatus, HostStatus } from './status';
import { StatusChannel } from './status-channel';
import type { Link } from '../link';
import { LinegateError, hasCode, isCode } from '../../src/errors';

/** Everything a ZebraPrinter is built from. */
export interface ZebraPrinterOptions {
  name: string;
  transport: Link;
  log: Logger;
  clock: Clock;
  /** a ~HS unanswered this long is a fault (PRINTER_SILENT). */
  statusTimeoutMs: number;
  /** a label not confirmed within this time is a fault (PRINTER_CONFIRM_TIMEOUT). */
  confirmTimeoutMs: number;
  /** status watch period while idle (default 5000; 0 disables). */
  watchIntervalMs?: number;
  /**
   * a ~HS answer this recent (ms), over the current link and showing an idle printer without a
   * fault, stands in for the pre-print ~HS (default 0: always ask before printing).
   */
  statusFreshMs?: number;
  /** confirmation poll delays (see runPrintJob). */
  pollDelaysMs?: readonly number[];
  /** things started before the transport and stopped after it (an embedded simulator). */
  companion?: { start(): Promise<unknown>; stop(): Promise<void> };
}

/** A Zebra printer holding its connection exclusively. */
export class ZebraPrinter implements LabelPrinter {
  private channel: StatusChannel | undefined;
  private abort: AbortController | undefined;
  private jobs: Promise<unknown> = Promise.resolve();
  private busy = 0;
  /** prints asked for and not yet finished (queued or running): the watch keeps out of their way. */
  private pending = 0;
  /** what the printer does with ~HQES, learnt by the watch per link (older firmware, other brands). */
  private hqes: { link: number; support: 'unknown' | 'answers' | 'never'; misses: number } = {
    link: -1,
    support: 'unknown',
    misses: 0,
  };
  /** the link generation the last ~HS answer came over. */
  private lastLink = -1;
  private watchTimer: NodeJS.Timeout | undefined;
  private last: HostStatus | undefined;
  private lastErrors: ErrorStatus | undefined;
  private lastAnswerAt = 0;
  private silentSince = 0;
  /** the last status answer was garbage (until a readable one comes). */
  private unreadable: string | undefined;
  private counts = { printed: 0, failed: 0, preflightsSkipped: 0 };
  private readonly onConnected = () =>
    this.options.log.info({ transport: this.options.transport.description }, 'printer connected');
  private readonly onDisconnected = (err: Error | undefined) =>
    this.options.log.warn(
      { transport: this.options.transport.description, err: err?.message },
      'printer connection lost',
    );

  constructor(private readonly options: ZebraPrinterOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Opens the connection and starts the status watch. Idempotent. */
  async start(): Promise<void> {
    if (this.abort) return;
    this.abort = new AbortController();
    const { transport } = this.options;
    await this.options.companion?.start();
    this.channel = new StatusChannel(transport);
    this.channel.attach();
    transport.on('open', this.onConnected);
    transport.on('close', this.onDisconnected);
    await transport.start();
    this.scheduleWatch(0);
  }

  /** Cancels queued and in-flight prints (PRINTER_OFFLINE), closes the connection. Idempotent. */
  async stop(): Promise<void> {
    const abort = this.abort;
    if (!abort) return;
    this.abort = undefined;
    abort.abort();
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    this.channel?.detach();
    this.channel = undefined;
    const { transport } = this.options;
    transport.off('open', this.onConnected);
    transport.off('close', this.onDisconnected);
    await transport.stop();
    await this.jobs;
    await this.options.companion?.stop();
  }

  /** Prints and confirms; rejects with a PRINTER_* LinegateError. Prints run one at a time in call order. */
  print(zpl: Buffer, options: PrintOptions = {}): Promise<void> {
    // A label goes before any idle query: those not sent yet are dropped, an idle ~HQES on the
    // wire is abandoned; an idle ~HS on the wire finishes (one round trip) and serves as preflight.
    this.pending++;
    this.channel?.preemptIdle();
    const run = this.jobs.then(() => this.runOne(zpl, options.epc)).finally(() => this.pending--);
    this.jobs = run.catch(() => undefined);
    return run;
  }

  /** The embedded simulator of a `connection: simulator` printer (tests and demo tools), else undefined. */
  get companion(): ZebraPrinterOptions['companion'] {
    return this.options.companion;
  }

  /** Whether the printer answers ~HQES, as learnt on the current link. */
  get errorStatusSupport(): 'unknown' | 'answers' | 'never' {
    return this.hqes.link === this.options.transport.generation ? this.hqes.support : 'unknown';
  }

  /** The last ~HS answer, or undefined before the first. */
  status(): PrinterStatus | undefined {
    const s = this.last;
    if (!s) return undefined;
    const { paperOut, paused, headOpen, ribbonOut, bufferFull, formatsInBuffer, labelsRemaining } = s;
    return { paperOut, paused, headOpen, ribbonOut, bufferFull, formatsInBuffer, labelsRemaining };
  }

  /** Connection and printer state for /healthz and the dashboard. */
  health(): DeviceHealth {
    const detail = {
      transport: this.options.transport.description,
      status: this.status(),
      errors: this.lastErrors?.errors,
      warnings: this.lastErrors?.warnings,
      lastAnswerAt: this.lastAnswerAt ? new Date(this.lastAnswerAt).toISOString() : undefined,
      hqes: this.errorStatusSupport,
      ...this.counts,
    };
    if (!this.abort) return { ok: false, state: 'stopped', detail };
    const { transport } = this.options;
    if (!transport.isOpen) return { ok: false, state: transport.state(), detail };
    if (this.silentSince) return { ok: false, state: 'silent (no answer to ~HS)', detail };
    if (this.unreadable) return { ok: false, state: `unreadable status (${this.unreadable})`, detail };
    if (!this.last) return { ok: false, state: 'waiting for status', detail };
    const fault = faultOf(this.last);
    if (fault) return { ok: false, state: fault.text, detail };
    return { ok: true, state: this.busy ? 'printing' : 'ready', detail };
  }

  private async runOne(zpl: Buffer, epc: string | undefined): Promise<void> {
    const channel = this.channel;
    const abort = this.abort;
    if (!channel || !abort) throw new LinegateError('PRINTER_OFFLINE', `${this.name}: printer not started`);
    this.busy++;
    const started = this.options.clock.now();
    try {
      const { polls, preflight } = await runPrintJob(
        {
          transport: this.options.transport,
          channel,
          clock: this.options.clock,
          statusTimeoutMs: this.options.statusTimeoutMs,
          confirmTimeoutMs: this.options.confirmTimeoutMs,
          pollDelaysMs: this.options.pollDelaysMs,
          fresh: () => this.freshStatus(),
          epc,
          onStatus: (s) => this.noteStatus(s),
          signal: abort.signal,
        },
        zpl,
      );
      this.counts.printed++;
      if (!preflight) this.counts.preflightsSkipped++;
      this.options.log.info(
        { bytes: zpl.length, polls, ms: this.options.clock.now() - started },
        'label confirmed',
      );
    } catch (err) {
      this.counts.failed++;
      this.noteFault(err);
      const code = isCode(err, 'PRINTER_') ? err.code : undefined;
      this.options.log.warn({ code, err: (err as Error).message, bytes: zpl.length }, 'label failed');
      throw err;
    } finally {
      this.busy--;
    }
  }

  private noteStatus(status: HostStatus): void {
    const before = this.last ? faultOf(this.last)?.text : undefined;
    const now = faultOf(status)?.text;
    if (before !== now)
      this.options.log.info({ fault: now ?? null }, now ? `printer ${now}` : 'printer ready');
    this.last = status;
    this.lastLink = this.options.transport.generation;
    this.lastAnswerAt = this.options.clock.now();
    this.silentSince = 0;
    this.unreadable = undefined;
  }

  /** Keeps what a failed query says about the printer for health(). */
  private noteFault(err: unknown): void {
    if (!isCode(err, 'PRINTER_')) return;
    if (err.code === 'PRINTER_SILENT') this.silentSince ||= this.options.clock.now();
    if (err.code === 'PRINTER_BAD_STATUS') this.unreadable = err.message;
  }

  private scheduleWatch(delay: number): void {
    const interval = this.options.watchIntervalMs ?? 5000;
    if (interval <= 0 || !this.abort) return;
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      void this.watch().finally(() => this.scheduleWatch(interval));
    }, delay);
  }

  /**
   * A status answer recent enough to stand in for the pre-print ~HS: within statusFreshMs, over
   * the link the label will go on, showing no fault and nothing left to print.
   */
  private freshStatus(): HostStatus | undefined {
    const maxAge = this.options.statusFreshMs ?? 0;
    const s = this.last;
    if (maxAge <= 0 || !s || this.silentSince || this.unreadable) return undefined;
    if (this.lastLink !== this.options.transport.generation) return undefined;
    if (this.options.clock.now() - this.lastAnswerAt > maxAge) return undefined;
    if (faultOf(s) || s.formatsInBuffer !== 0 || s.labelsRemaining !== 0) return undefined;
    return s;
  }

  /**
   * One idle status check: ~HS, then ~HQES for the error detail unless the printer has shown it
   * never answers it (older firmware, other brands' ZPL emulations). Both are idle queries: a
   * print pre-empts them.
   */
  private async watch(): Promise<void> {
    const channel = this.channel;
    if (!channel || this.pending || !this.options.transport.isOpen) return;
    try {
      this.noteStatus(await channel.hostStatus(this.options.statusTimeoutMs, { idle: true }));
    } catch (err) {
      if (hasCode(err, 'STATUS_QUERY_PREEMPTED')) return;
      if (isCode(err, 'PRINTER_') && !this.silentSince && !this.unreadable)
        this.options.log.warn({ code: err.code, err: err.message }, 'printer status query failed');
      this.noteFault(err);
      return;
    }
    const link = this.options.transport.generation;
    if (this.hqes.link !== link) this.hqes = { link, support: 'unknown', misses: 0 };
    if (this.pending || this.hqes.support === 'never') return;
    try {
      this.lastErrors = await channel.errorStatus(this.options.statusTimeoutMs, { idle: true });
      this.hqes = { link, support: 'answers', misses: 0 };
    } catch (err) {
      if (hasCode(err, 'STATUS_QUERY_PREEMPTED')) return;
      this.lastErrors = undefined;
      // ~HS answered just before, so the printer is there: it does not know ~HQES.
      if (this.hqes.support === 'unknown' && ++this.hqes.misses >= HQES_PROBES) {
        this.hqes.support = 'never';
        this.options.log.info(
          { err: (err as Error).message },
          'printer answers ~HS but not ~HQES: not asking ~HQES on this connection again',
        );
      }
    }
  }
}

/** Unanswered ~HQES probes (each right after an answered ~HS) before a printer counts as not knowing it. */
const HQES_PROBES = 2;
