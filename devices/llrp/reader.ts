/**
 * An LLRP fixed reader (Impinj R700/Speedway, Zebra FX9600) as a TagReader. The connection is
 * the one reconnecting link (devices/link) over a TCP or TLS socket; each connection runs an LlrpSession; its raw
 * reads go into the same duplicate filter the serial readers use, so stations see the same
 * 'tag' events and present() whatever the reader's wire.
 */
import { LinegateError, isCode } from '../../src/errors';
import { EventEmitter } from 'node:events';
import type { DeviceContext, DeviceHealth, TagReader } from '../../src/ports';
import type { BackoffOptions } from '../../src/util/backoff';
import { ReconnectingLink, tcpOpener, type TcpOpenerOptions } from '../link';
import { DedupFilter } from '../rfid/dedup';
import { PresenceTracker } from '../rfid/presence';
import { sgtinOf, type TagReaderEvents } from '../rfid/reader';
import type { RfidTagRead } from '../rfid/types';
import type { ReaderEvent } from './reports';
import { LlrpSession, type LlrpSessionStats } from './session';
import { llrpTiming, type LlrpInventorySettings, type LlrpTiming } from './settings';

/** Everything an LLRP reader needs. */
export interface LlrpTagReaderOptions {
  ctx: DeviceContext;
  host: string;
  /** a function when known only after start (the built-in simulator on port 0). */
  port: number | (() => number);
  tls?: TcpOpenerOptions['tls'];
  settings: LlrpInventorySettings;
  timing?: Partial<LlrpTiming>;
  /** reads of one tag closer than this are one visit (config `dedupWindowMs`). */
  dedupWindowMs: number;
  /** see DedupOptions.settleMs. */
  settleMs?: number;
  backoff?: BackoffOptions;
}

interface Running {
  engine: ReconnectingLink;
  dedup: DedupFilter;
  presence: PresenceTracker;
  /** when the bytes being decoded arrived. */
  chunkAt: number;
  session: LlrpSession | undefined;
  inventory: boolean;
}

/** Reader state kept across connections, for health. */
interface Observed {
  antennas: Map<number, boolean>;
  bufferPercentFull: number | undefined;
  bufferOverflows: number;
  exceptions: number;
  lastException: string | undefined;
  lastError: { code: string; message: string } | undefined;
  /** connections ended per error code, since start. */
  errors: Record<string, number>;
  totals: LlrpSessionStats;
}

const zeroStats = (): LlrpSessionStats => ({
  messages: 0,
  reports: 0,
  emptyReports: 0,
  tagReads: 0,
  keepalives: 0,
  decodeErrors: 0,
});

/** A TagReader on an LLRP reader. */
export class LlrpTagReader extends EventEmitter<TagReaderEvents> implements TagReader {
  private running: Running | undefined;
  private readonly timing: LlrpTiming;
  private readonly seen: Observed = {
    antennas: new Map(),
    bufferPercentFull: undefined,
    bufferOverflows: 0,
    exceptions: 0,
    lastException: undefined,
    lastError: undefined,
    errors: {},
    totals: zeroStats(),
  };

  constructor(private readonly options: LlrpTagReaderOptions) {
    super();
    this.timing = llrpTiming(options.timing);
  }

  get name(): string {
    return this.options.ctx.name;
  }

  /** Connects (retrying in the background while the reader is away or busy). Idempotent. */
  async start(): Promise<void> {
    if (this.running) return;
    const { ctx, host } = this.options;
    const r: Running = {
      engine: new ReconnectingLink({
        opener: tcpOpener({ host, port: () => this.port(), tls: this.options.tls, peer: 'the reader' }),
        name: `llrp://${host}`,
        backoff: { minMs: 500, maxMs: 30_000, ...this.options.backoff },
        clock: ctx.clock,
      }),
      dedup: new DedupFilter({
        windowMs: this.options.dedupWindowMs,
        settleMs: this.options.settleMs,
        clock: ctx.clock,
      }),
      presence: new PresenceTracker({ windowMs: this.options.dedupWindowMs, clock: ctx.clock }),
      chunkAt: 0,
      session: undefined,
      inventory: false,
    };
    this.running = r;
    r.engine.on('open', () => void this.connected(r));
    r.engine.on('data', (chunk) => {
      r.chunkAt = ctx.clock.now(); // reads are timed when their bytes arrived
      r.session?.feed(chunk);
    });
    r.engine.on('close', (err) => this.disconnected(r, err));
    r.dedup.on('visit', (read) => this.emit('tag', this.enrich(read)));
    r.presence.on('arrive', (read) => this.emit('arrive', read));
    r.presence.on('depart', (gone) => this.emit('depart', gone));
    r.dedup.start();
    await r.engine.start();
  }

  /** Deletes the ROSpec and says goodbye (best effort), closes, clears every timer and listener. Idempotent. */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    if (r.session && r.inventory) await r.session.goodbye();
    r.session?.close();
    r.dedup.stop();
    r.dedup.removeAllListeners();
    r.presence.stop();
    r.presence.removeAllListeners();
    r.engine.removeAllListeners();
    await r.engine.stop();
  }

  /** Tags being read now, most recently seen first; empty when stopped. */
  present(): Array<RfidTagRead & { lastSeen: number }> {
    return (this.running?.dedup.present() ?? []).map((read) => this.enrich(read));
  }

  /**
   * ok while connected with inventory running and no configured antenna reported disconnected.
   * detail: the last coded error, reader events and counters summed over connections.
   */
  health(): DeviceHealth {
    const r = this.running;
    if (!r) return { ok: false, state: 'stopped' };
    const engine = r.engine.health();
    const down = [...this.seen.antennas].filter(([, up]) => !up).map(([id]) => id);
    const session = r.session?.stats ?? zeroStats();
    const totals = Object.fromEntries(
      Object.entries(this.seen.totals).map(([k, v]) => [k, v + session[k as keyof LlrpSessionStats]]),
    );
    let state = engine.state;
    if (engine.ok) state = r.inventory ? 'reading' : 'setting up';
    else if (this.seen.lastError) state = `${state.replace(/ \(.*\)$/, '')} (${this.seen.lastError.code})`;
    if (down.length > 0) state += `; antenna ${down.join(', ')} disconnected`;
    return {
      ok: engine.ok && r.inventory && down.length === 0,
      state,
      detail: {
        host: this.options.host,
        port: this.port(),
        opens: engine.detail?.opens,
        disconnects: engine.detail?.disconnects,
        failedOpens: engine.detail?.failedOpens,
        ...(this.seen.lastError
          ? { lastError: this.seen.lastError.code, lastErrorMessage: this.seen.lastError.message }
          : {}),
        errors: { ...this.seen.errors },
        antennasDisconnected: down,
        ...(this.seen.bufferPercentFull !== undefined
          ? { bufferPercentFull: this.seen.bufferPercentFull }
          : {}),
        bufferOverflows: this.seen.bufferOverflows,
        readerExceptions: this.seen.exceptions,
        ...(this.seen.lastException ? { lastException: this.seen.lastException } : {}),
        ...totals,
        dedup: r.dedup.stats(),
        presence: r.presence.stats(),
      },
    };
  }

  private port(): number {
    return typeof this.options.port === 'function' ? this.options.port() : this.options.port;
  }

  private async connected(r: Running): Promise<void> {
    const link = r.engine.generation; // the connection this session runs on
    const session = new LlrpSession({
      settings: this.options.settings,
      timing: this.timing,
      write: (bytes) => r.engine.write(bytes),
      drop: (error) => this.drop(r, link, error),
      reads: (reads) => {
        for (const read of reads) {
          r.presence.push(read, r.chunkAt || this.options.ctx.clock.now());
          r.dedup.push(read);
        }
      },
      event: (event) => this.readerEvent(event),
    });
    r.session = session;
    this.options.ctx.log.info({ host: this.options.host, port: this.port() }, 'LLRP reader connected');
    try {
      await session.open();
      if (r.session !== session) return;
      r.inventory = true;
      this.seen.lastError = undefined; // health shows the current trouble, not a healed one
      this.options.ctx.log.info({ antennas: this.options.settings.antennas }, 'LLRP inventory running');
    } catch (err) {
      if (r.session !== session || (err as LinegateError).code === 'LLRP_CLOSED') return;
      this.drop(r, link, isCode(err, 'LLRP_') ? err : new LinegateError('LLRP_REQUEST_FAILED', String(err)));
    }
  }

  private drop(r: Running, link: number, error: LinegateError): void {
    this.seen.lastError = { code: error.code, message: error.message };
    this.seen.errors[error.code] = (this.seen.errors[error.code] ?? 0) + 1;
    const level = error.code === 'LLRP_READER_BUSY' ? 'error' : 'warn';
    this.options.ctx.log[level]({ code: error.code, err: error.message }, 'LLRP connection dropped');
    r.engine.drop(error, link);
  }

  private disconnected(r: Running, err: Error | undefined): void {
    const session = r.session;
    if (session) {
      for (const key of Object.keys(this.seen.totals) as Array<keyof LlrpSessionStats>) {
        this.seen.totals[key] += session.stats[key];
      }
      session.close();
    }
    r.session = undefined;
    r.inventory = false;
    if (err && !isCode(err, 'LLRP_') && this.running === r) {
      this.seen.lastError = { code: 'LLRP_NOT_CONNECTED', message: err.message };
    }
    if (this.running === r) this.options.ctx.log.warn({ err: err?.message }, 'LLRP reader disconnected');
  }

  private readerEvent(event: ReaderEvent): void {
    const log = this.options.ctx.log;
    switch (event.kind) {
      case 'antenna':
        this.seen.antennas.set(event.antenna, event.connected);
        if (event.connected) log.info({ antenna: event.antenna }, 'LLRP antenna connected');
        else log.error({ antenna: event.antenna }, 'LLRP antenna disconnected');
        return;
      case 'buffer-warning':
        this.seen.bufferPercentFull = event.percentFull;
        log.warn({ percentFull: event.percentFull }, 'LLRP reader report buffer filling');
        return;
      case 'buffer-overflow':
        this.seen.bufferOverflows++;
        log.error('LLRP reader report buffer overflowed: reads were lost');
        return;
      case 'exception':
        this.seen.exceptions++;
        this.seen.lastException = event.message;
        log.error({ message: event.message }, 'LLRP reader exception');
        return;
      default:
        return;
    }
  }

  private enrich<T extends RfidTagRead>(read: T): T {
    const sgtin = sgtinOf(read.epc);
    return sgtin ? { ...read, sgtin } : read;
  }
}
