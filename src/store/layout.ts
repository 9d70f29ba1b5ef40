/**
 * The store's layout: every sublevel is named here and nowhere else, with its key form.
 * Changing a key form or a value shape means a new STORE_FORMAT and a migration in migrations.ts.
 */

/** Version of the on-disk layout described in this file. */
export const STORE_FORMAT = 2;

export const Sublevels = {
  /** 'format' → number; small bookkeeping values. */
  meta: 'meta',
  /** `${scheme}\x00${key}` → last issued sequence number of that counter key. */
  counters: 'counters',
  /**
   * serial → SerialRecord: every serial ever issued, with its unit's state and event seqs. This
   * is the issued-serial index consulted on every issue.
   */
  serials: 'serials',
  /** seq (16 digits) → GatewayEvent: the event log and outbox, in seq order. */
  events: 'events',
  /** station id → Reservation: a serial reserved for a station and not yet acknowledged. */
  reservations: 'reservations',
  /** carrier tag (EPC) → CarrierBinding: the unit a carrier holds now. */
  carriers: 'carriers',
  /**
   * Where-used index: `serial\x00${serial}` → Installation (the unit it is installed in), and
   * `lot\x00${lot}\x00${unit}` → true for every lot any component of the unit carries, with or
   * without a serial (format 2), so "which units contain this lot" is one range scan per level.
   */
  uses: 'uses',
  /** job id → PrintJob: labels sent to a printer and not yet confirmed or failed. */
  printJobs: 'print-jobs',
  /** `${station}\x00${requestId}` → serial: idempotent manual starts. */
  requests: 'requests',
  /** sink name → number: the highest seq that sink has acknowledged (its durable cursor). */
  cursors: 'cursors',
  /** `${sink}\x00${seqKey(seq)}` → DeadLetter: an event a sink rejected, with the answer. */
  deadLetters: 'dead-letters',
  /**
   * `${scheme}\x00${key}` → BlockState: serial number blocks leased from the upstream authority
   * for one counter key, stored before their first number is used.
   */
  serialBlocks: 'serial-blocks',
  /**
   * chunk number (10 digits) → JSON bytes of the events of that complete chunk of 1024 seqs: the
   * outbox ledger's checkpoint, so a start need not read every stored event to know the sizes.
   */
  outboxChunks: 'outbox-chunks',
  /**
   * `${workOrder}\x00${seqKey(chunk)}` → string[] (up to POOL_CHUNK serials): the serials
   * pre-assigned to a work order (reserved or imported), in the order its starts take them.
   */
  preassigned: 'preassigned',
  /** work order → PoolHead: how many serials its pool holds and the position of the next one. */
  workOrders: 'work-orders',
  /** import id (hash of the rows' content) → ImportRecord: an import is done once. */
  imports: 'imports',
  /** lot → LotRecord: lots received from suppliers (a lot scan of one is a known component). */
  lots: 'lots',
  /** hold id → HoldRecord: holds placed (in force until `released` is set), kept for the record. */
  holds: 'holds',
  /**
   * serial → UnitRoute: per station, the unit's visits and operation results there (what the
   * process release decides `requires`, `maxAttempts` and timings from), written with them.
   */
  route: 'route',
  /** nonconformance id → Nonconformance: a failed operation, open until rework or scrap closes it. */
  nonconformances: 'nonconformances',
} as const;

export type SublevelName = (typeof Sublevels)[keyof typeof Sublevels];

/** Sublevels small and hot enough to keep in memory once read. */
export const CACHED: ReadonlySet<SublevelName> = new Set<SublevelName>([
  Sublevels.meta,
  Sublevels.counters,
  Sublevels.reservations,
  Sublevels.serialBlocks,
]);

/** Event keys sort in seq order. */
export function seqKey(seq: number): string {
  return String(seq).padStart(16, '0');
}

/** A composite key; NUL cannot occur in ids or serials. */
export function joinKey(...parts: string[]): string {
  return parts.join('\x00');
}
