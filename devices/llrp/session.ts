/**
 * One connection's LLRP conversation, from the reader's greeting to inventory running:
 *   1. wait for READER_EVENT_NOTIFICATION / ConnectionAttemptEvent (a reader that already has a
 *      client says Failed_A_Client_Initiated_Connection_Already_Exists: LLRP_READER_BUSY);
 *   2. DELETE_ACCESSSPEC 0 and DELETE_ROSPEC 0: whatever a previous connection left is gone;
 *   3. GET_READER_CAPABILITIES when a power is set (dBm to the reader's power table index);
 *   4. SET_READER_CONFIG (keepalive, events), ADD_ROSPEC, ENABLE_ROSPEC (starts it: Immediate).
 * Meanwhile every KEEPALIVE is acknowledged with its message ID, responses are matched to
 * requests by message ID, and silence longer than readTimeoutMs ends the connection.
 */
import { decodeMessage, encodeMessage, type LlrpMessage } from './codec';
import { LlrpFramer } from './framer';
import { decodeTagReport } from './report-decoder';
import { readerEventsOf, statusProblem, tagReadsOf, powerTableOf, type ReaderEvent } from './reports';
import { addRospec, powerIndex, readerConfig, ROSPEC_ID } from './rospec';
import type { LlrpInventorySettings, LlrpTiming } from './settings';
import type { RawTagRead } from '../rfid/types';
import { LinegateError, type CodeIn } from '../../src/errors';

/** What a session needs from its reader driver. */
export interface LlrpSessionOptions {
  settings: LlrpInventorySettings;
  timing: LlrpTiming;
  /** sends bytes on the connection. */
  write(bytes: Buffer): Promise<void>;
  /** ends the connection with this error (the driver reconnects with backoff). */
  drop(error: LinegateError): void;
  reads(reads: RawTagRead[]): void;
  event(event: ReaderEvent): void;
}

/** Counters of one session. */
export interface LlrpSessionStats {
  messages: number;
  reports: number;
  emptyReports: number;
  tagReads: number;
  keepalives: number;
  decodeErrors: number;
}

interface Pending {
  resolve(message: LlrpMessage): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** One connection's conversation. Constructed per connection; close() ends it. */
export class LlrpSession {
  private readonly framer = new LlrpFramer();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1000;
  private greeting: { resolve(): void; reject(e: Error): void } | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private closed = false;
  readonly stats: LlrpSessionStats = {
    messages: 0,
    reports: 0,
    emptyReports: 0,
    tagReads: 0,
    keepalives: 0,
    decodeErrors: 0,
  };

  constructor(private readonly options: LlrpSessionOptions) {}

  /** Runs steps 1-4; resolves once inventory runs, rejects with an LLRP_* LinegateError (the caller drops). */
  async open(): Promise<void> {
    this.armWatchdog();
    await this.waitForGreeting();
    await this.request('DELETE_ACCESSSPEC', { AccessSpecID: 0 });
    await this.request('DELETE_ROSPEC', { ROSpecID: 0 });
    let power: number | undefined;
    const { settings, timing } = this.options;
    if (settings.powerDbm !== undefined) {
      const caps = await this.request('GET_READER_CAPABILITIES', {
        RequestedData: 'Regulatory_Capabilities',
      });
      power = powerIndex(powerTableOf(caps.data), settings.powerDbm);
    }
    await this.request('SET_READER_CONFIG', readerConfig(timing.keepaliveMs));
    await this.request('ADD_ROSPEC', addRospec(settings, power));
    await this.request('ENABLE_ROSPEC', { ROSpecID: ROSPEC_ID });
  }

  /** Bytes from the reader. */
  feed(chunk: Buffer): void {
    if (this.closed) return;
    for (const frame of this.framer.feed(chunk)) {
      const fast = decodeTagReport(frame); // the hot message, without building llrpjs objects
      if (fast) {
        this.alive();
        this.tagReport(fast);
        continue;
      }
      let message: LlrpMessage;
      try {
        message = decodeMessage(frame);
      } catch {
        this.stats.decodeErrors++; // one bad message is skipped; the stream is still in sync
        continue;
      }
      this.handle(message);
    }
    if (this.framer.desynchronised)
      this.fail('LLRP_BAD_FRAME', 'the reader sent bytes that are not LLRP 1.0.1');
  }

  /** Best effort goodbye: delete the ROSpec and CLOSE_CONNECTION, each within `timeoutMs`. */
  async goodbye(timeoutMs = 1000): Promise<void> {
    try {
      await this.request('DELETE_ROSPEC', { ROSpecID: 0 }, timeoutMs);
      await this.request('CLOSE_CONNECTION', {}, timeoutMs);
    } catch {
      // the connection is closed next anyway
    }
  }

  /** Ends the session: timers cleared, requests in flight rejected LLRP_CLOSED. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.watchdog) clearTimeout(this.watchdog);
    const error = new LinegateError('LLRP_CLOSED', 'the reader connection closed');
    this.greeting?.reject(error);
    this.greeting = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }

  /** Decoder counters for health. */
  framing(): LlrpFramer['stats'] {
    return this.framer.stats;
  }

  /** Counts a message and restarts the read timeout. */
  private alive(): void {
    this.stats.messages++;
    this.watchdog?.refresh();
  }

  private handle(message: LlrpMessage): void {
    this.alive();
    switch (message.type) {
      case 'RO_ACCESS_REPORT':
        return this.tagReport(tagReadsOf(message.data));
      case 'KEEPALIVE':
        this.stats.keepalives++;
        void this.send({ type: 'KEEPALIVE_ACK', id: message.id, data: {} }).catch(() => undefined);
        return;
      case 'READER_EVENT_NOTIFICATION':
        for (const event of readerEventsOf(message.data)) this.readerEvent(event);
        return;
      case 'ERROR_MESSAGE':
        return this.settle(message, statusProblem(message.data) ?? 'ERROR_MESSAGE');
      default:
        if (message.type.endsWith('_RESPONSE')) this.settle(message, statusProblem(message.data));
    }
  }

  private tagReport(reads: RawTagRead[]): void {
    this.stats.reports++;
    if (reads.length === 0) this.stats.emptyReports++;
    this.stats.tagReads += reads.length;
    if (reads.length > 0) this.options.reads(reads);
  }

  private readerEvent(event: ReaderEvent): void {
    if (event.kind === 'connection') {
      const greeting = this.greeting;
      this.greeting = undefined;
      if (event.status === 'Success') greeting?.resolve();
      else if (event.status.includes('Connection_Already_Exists')) {
        this.fail(
          'LLRP_READER_BUSY',
          `reader refused the connection: ${event.status} (it accepts one client)`,
        );
      } else this.fail('LLRP_CONNECT_REFUSED', `reader refused the connection: ${event.status}`);
    }
    this.options.event(event);
  }

  private settle(message: LlrpMessage, problem: string | undefined): void {
    const p = this.pending.get(message.id);
    if (!p) return; // an answer to a request that already timed out
    this.pending.delete(message.id);
    clearTimeout(p.timer);
    if (problem) p.reject(new LinegateError('LLRP_REQUEST_FAILED', `${message.type}: ${problem}`));
    else p.resolve(message);
  }

  private waitForGreeting(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.fail(
            'LLRP_NO_GREETING',
            `no ConnectionAttemptEvent within ${this.options.timing.greetingTimeoutMs} ms`,
          ),
        this.options.timing.greetingTimeoutMs,
      );
      this.greeting = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** Sends a request and resolves with its response (matched by message ID). */
  private request(type: string, data: Record<string, unknown>, timeoutMs?: number): Promise<LlrpMessage> {
    if (this.closed) return Promise.reject(new LinegateError('LLRP_CLOSED', 'the reader connection closed'));
    const id = this.nextId++;
    const ms = timeoutMs ?? this.options.timing.responseTimeoutMs;
    const answered = new Promise<LlrpMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LinegateError('LLRP_RESPONSE_TIMEOUT', `${type}: no response within ${ms} ms`));
      }, ms);
      this.pending.set(id, { resolve, reject, timer });
    });
    void this.send({ type, id, data }).catch((err: Error) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.reject(new LinegateError('LLRP_NOT_CONNECTED', `${type} not sent: ${err.message}`, { cause: err }));
    });
    return answered;
  }

  private async send(message: LlrpMessage): Promise<void> {
    await this.options.write(encodeMessage(message));
  }

  private armWatchdog(): void {
    const ms = this.options.timing.readTimeoutMs;
    if (ms <= 0) return;
    this.watchdog = setTimeout(
      () => this.fail('LLRP_READ_TIMEOUT', `nothing from the reader for ${ms} ms (keepalives stopped)`),
      ms,
    );
  }

  /** Ends the connection with a coded error (once). */
  private fail(code: CodeIn<'LLRP_'>, message: string): void {
    if (this.closed) return;
    const error = new LinegateError(code, message);
    this.greeting?.reject(error);
    this.greeting = undefined;
    this.options.drop(error);
    this.close();
  }
}
