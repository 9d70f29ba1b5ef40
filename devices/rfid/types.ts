/**
 * Shapes shared by the RFID reader protocols, the duplicate filter and the driver.
 */
import type { TagRead } from '../../src/ports';
import type { FramingStats } from '../serial/framing/framer';

/** One raw read as a protocol decodes it, before the duplicate filter. */
export interface RawTagRead {
  /** EPC as upper-case hex. */
  epc: string;
  /** dBm, when the reader reports it. */
  rssi?: number;
  antenna?: number;
  /** the EPC Gen2 protocol-control word, when the reader reports it. */
  pc?: number;
}

/** The SGTIN-96 identity of a tag, when its EPC is one (GS1 EPC Tag Data Standard). */
export interface TagSgtin {
  /** GTIN-14. */
  gtin: string;
  /** the tag's serial (not a linegate unit serial). */
  serial: string;
  /** urn:epc:tag:sgtin-96:F.CCCCCCC.IIIIII.S */
  uri: string;
}

/** What an RFID driver emits: TagRead plus optional detail (required fields unchanged). */
export interface RfidTagRead extends TagRead {
  pc?: number;
  /** present when the EPC decodes as SGTIN-96. */
  sgtin?: TagSgtin;
  /** raw reads of this visit merged into this one by the time it was emitted. */
  reads?: number;
}

/** Counters of one protocol decoder. */
export interface DecoderStats extends FramingStats {
  /** frames that were well formed but not understood (wrong pattern, unknown notice). */
  unmatched: number;
  /** error responses from the device (e.g. the module's "no tag" 0x15). */
  deviceErrors: number;
}

/** Decodes one connection's byte stream into raw reads. */
export interface ReadDecoder {
  /** Feeds bytes from the device; returns the reads they complete. Never throws on bad input. */
  feed(chunk: Buffer): RawTagRead[];
  /** Drops a partial frame (after a reconnect). */
  reset(): void;
  stats(): DecoderStats;
}

/** A reader protocol: one file under protocols/ plus one registry line. */
export interface ReaderProtocol {
  readonly name: string;
  /** a decoder for one reader. */
  createDecoder(): ReadDecoder;
  /** bytes to send after every (re)connect, e.g. "start multi-poll"; empty for talk-only readers. */
  readonly startCommands: readonly Buffer[];
  /** bytes to send before closing, e.g. "stop multi-poll". */
  readonly stopCommands: readonly Buffer[];
  /** if set, startCommands are sent again this often (ms): polling that ends after N rounds is re-armed. */
  readonly rearmMs?: number;
}

/** Settings a protocol factory gets from the reader's config entry. */
export interface ReaderProtocolConfig {
  /** ascii-lines: regex with named groups epc, rssi, antenna. */
  pattern?: string;
}
