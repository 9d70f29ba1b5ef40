/**
 * What the driver is told about a reader, from its `connection: { type: llrp }` entry, with the
 * defaults the config schema fills in. Times in ms.
 */

/** How a reader singulates tags (Gen2 inventory target behaviour). */
export type SearchMode = 'reader-selected' | 'dual-target' | 'single-target' | 'single-target-suppressed';

/** Whose extensions the ROSpec may use. */
export type LlrpVendor = 'generic' | 'impinj' | 'zebra';

/** Inventory settings the ROSpec is built from. */
export interface LlrpInventorySettings {
  /** antenna ports to read (1-based); empty: every antenna the reader has. */
  antennas: number[];
  /** transmit power in dBm; the reader's table entry at or below it is used. Absent: the reader's setting. */
  powerDbm?: number;
  /** Gen2 session 0-3. Presence needs repeated reads: use 0 or 1 (2 and 3 keep a read tag quiet). */
  session: 0 | 1 | 2 | 3;
  searchMode: SearchMode;
  /** expected tags in the field (sizes the Q algorithm). */
  tagPopulation: number;
  vendor: LlrpVendor;
}

/** Connection timing. */
export interface LlrpTiming {
  /** the reader is asked for a KEEPALIVE this often (default 5000). */
  keepaliveMs: number;
  /** nothing at all from the reader for this long drops the connection (default 3 x keepaliveMs). */
  readTimeoutMs: number;
  /** a request unanswered this long fails and drops the connection (default 5000). */
  responseTimeoutMs: number;
  /** after TCP connects, the reader's ConnectionAttemptEvent must come within this (default 5000). */
  greetingTimeoutMs: number;
}

/** Fills timing defaults. */
export function llrpTiming(partial: Partial<LlrpTiming> = {}): LlrpTiming {
  const keepaliveMs = partial.keepaliveMs ?? 5000;
  return {
    keepaliveMs,
    readTimeoutMs: partial.readTimeoutMs ?? 3 * keepaliveMs,
    responseTimeoutMs: partial.responseTimeoutMs ?? 5000,
    greetingTimeoutMs: partial.greetingTimeoutMs ?? 5000,
  };
}

/** Default inventory settings (session 1, dual target: a tag at the station keeps being read). */
export const DEFAULT_INVENTORY: LlrpInventorySettings = {
  antennas: [],
  session: 1,
  searchMode: 'dual-target',
  tagPopulation: 16,
  vendor: 'generic',
};
