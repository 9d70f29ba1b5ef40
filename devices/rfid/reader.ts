/**
 * An RFID reader on a serial port: the reconnecting link (devices/link), the protocol's decoder, presence
 * ('arrive' on a tag's first read, 'depart' after the window without a read) and the duplicate
 * filter ('tag': one per visit, with the strongest RSSI). Every read is timed when its chunk of
 * bytes arrived, before any decoding. After every (re)connect the protocol's start
 * commands are sent (multi-poll for uhf-bb7e); stop() sends its stop commands before closing.
 */
import { EventEmitter } from 'node:events';
import type { DeviceContext, DeviceHealth, TagDeparture, TagRead, TagReader } from '../../src/ports';
import { decodeSgtin96 } from '../../src/serials/sgtin96';
import type { BackoffOptions } from '../../src/util/backoff';
import { ReconnectingLink, serialOpener, type PortLike, type SerialAddress } from '../link';
import { DedupFilter } from './dedup';
import { PresenceTracker } from './presence';
import type { RawTagRead, ReadDecoder, ReaderProtocol, RfidTagRead, TagSgtin } from './types';

/** Knobs that are not (yet) config keys. */
export interface ReaderTuning {
  /** see DedupOptions.settleMs (default 200). */
  settleMs?: number;
  backoff?: BackoffOptions;
  /** injectable port factory (tests). */
  openPort?: (address: SerialAddress) => PortLike;
}

/** Everything a serial reader needs. */
export interface SerialTagReaderOptions {
  ctx: DeviceContext;
  address: SerialAddress;
  protocol: ReaderProtocol;
  /** reads of one tag closer than this are one visit (config `dedupWindowMs`). */
  dedupWindowMs: number;
  tuning?: ReaderTuning;
}

/** Events of a reader. */
export interface TagReaderEvents {
  /** one per visit, after the settle time, with the strongest RSSI. */
  tag: [read: RfidTagRead];
  /** a tag's first read, at once. */
  arrive: [read: TagRead];
  /** a tag not read for the window. */
  depart: [gone: TagDeparture];
}

/** The SGTIN-96 identity of `epc`, or undefined when it is not one. */
export function sgtinOf(epc: string): TagSgtin | undefined {
  if (epc.length !== 24 || !epc.startsWith('30')) return undefined; // SGTIN-96 header 0x30
  try {
    const s = decodeSgtin96(epc);
    return { gtin: s.gtin, serial: s.serial, uri: s.uri };
  } catch {
    return undefined; // a 0x30 header with an invalid partition: not an SGTIN after all
  }
}

interface Running {
  port: ReconnectingLink;
  decoder: ReadDecoder;
  dedup: DedupFilter;
  presence: PresenceTracker;
  rearm: NodeJS.Timeout | undefined;
}

/** A TagReader on a serial port. */
export class SerialTagReader extends EventEmitter<TagReaderEvents> implements TagReader {
  private running: Running | undefined;

  constructor(private readonly options: SerialTagReaderOptions) {
    super();
  }

  get name(): string {
    return this.options.ctx.name;
  }

  /** Opens the port (retrying in the background when the device is absent). Idempotent. */
  async start(): Promise<void> {
    if (this.running) return;
    const { ctx, address, protocol, tuning } = this.options;
    const port = new ReconnectingLink({
      opener: serialOpener({ ...address, openPort: tuning?.openPort }),
      backoff: tuning?.backoff,
      clock: ctx.clock,
    });
    const decoder = protocol.createDecoder();
    const dedup = new DedupFilter({
      windowMs: this.options.dedupWindowMs,
      settleMs: tuning?.settleMs,
      clock: ctx.clock,
    });
    const presence = new PresenceTracker({ windowMs: this.options.dedupWindowMs, clock: ctx.clock });
    const r: Running = { port, decoder, dedup, presence, rearm: undefined };
    this.running = r;
    port.on('data', (chunk) => this.received(r, chunk));
    port.on('open', () => this.opened(r));
    port.on('close', (err) => ctx.log.warn({ path: address.path, err: err?.message }, 'reader disconnected'));
    dedup.on('visit', (read) => this.emit('tag', this.enrich(read)));
    presence.on('arrive', (read) => this.emit('arrive', read));
    presence.on('depart', (gone) => this.emit('depart', gone));
    dedup.start();
    if (protocol.rearmMs)
      r.rearm = setInterval(() => void this.sendAll(r, protocol.startCommands), protocol.rearmMs);
    await port.start();
  }

  /** Stops polling (best effort), closes the port, clears every timer and listener it added. Idempotent. */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    if (r.rearm) clearInterval(r.rearm);
    if (r.port.isOpen) await this.sendAll(r, this.options.protocol.stopCommands);
    r.dedup.stop();
    r.dedup.removeAllListeners();
    r.presence.stop();
    r.presence.removeAllListeners();
    r.port.removeAllListeners();
    await r.port.stop();
  }

  /** Tags being read now, most recently seen first (see DedupFilter.present); empty when stopped. */
  present(): Array<RfidTagRead & { lastSeen: number }> {
    return (this.running?.dedup.present() ?? []).map((r) => this.enrich(r));
  }

  /** Connection state plus framing, decoder and duplicate-filter counters. */
  health(): DeviceHealth {
    const r = this.running;
    if (!r) return { ok: false, state: 'stopped' };
    const port = r.port.health();
    return {
      ok: port.ok,
      state: port.state,
      detail: {
        ...port.detail,
        protocol: this.options.protocol.name,
        ...r.decoder.stats(),
        dedup: r.dedup.stats(),
        presence: r.presence.stats(),
      },
    };
  }

  private received(r: Running, chunk: Buffer): void {
    const at = this.options.ctx.clock.now(); // when the bytes arrived, before any work on them
    let reads: RawTagRead[];
    try {
      reads = r.decoder.feed(chunk);
    } catch (err) {
      // decoders do not throw on bad input; if one ever does, drop the chunk rather than the gateway
      this.options.ctx.log.error({ err }, 'reader decoder failed; chunk dropped');
      r.decoder.reset();
      return;
    }
    for (const read of reads) {
      r.presence.push(read, at);
      r.dedup.push(read);
    }
  }

  private opened(r: Running): void {
    this.options.ctx.log.info({ path: this.options.address.path }, 'reader connected');
    r.decoder.reset(); // a frame cut by the disconnect must not merge with new bytes
    void this.sendAll(r, this.options.protocol.startCommands);
  }

  private async sendAll(r: Running, commands: readonly Buffer[]): Promise<void> {
    for (const command of commands) {
      if (!r.port.isOpen) return;
      try {
        await r.port.write(command);
      } catch (err) {
        this.options.ctx.log.warn({ err: (err as Error).message }, 'reader command not sent');
        return;
      }
    }
  }

  private enrich<T extends RfidTagRead>(read: T): T {
    const sgtin = sgtinOf(read.epc);
    return sgtin ? { ...read, sgtin } : read;
  }
}
