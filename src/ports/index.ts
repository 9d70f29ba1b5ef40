/**
 * The ports of the core: what devices implement and what the core offers them in return.
 * src/ defines these; devices/ implements them; src/cli/compose.ts wires the two together.
 */
import type { Logger } from 'pino';

export type { Logger };

/** Wall-clock time in milliseconds since the epoch; injected so tests can fake it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Station result codes of the PLC handshake (docs/contracts.md §3), also used by the API. */
export const Result = {
  OK: 0,
  NO_SERIAL: 1,
  PRINTER_FAULT: 2,
  STORAGE_FAULT: 3,
  NOT_READY: 4,
  /** process release refused the unit: `serial` carries it so the PLC can divert it. */
  REFUSED: 5,
  INTERNAL: 9,
} as const;
export type ResultCode = (typeof Result)[keyof typeof Result];

/** Connection state of one device, as shown by /healthz, metrics and the dashboard. */
export interface DeviceHealth {
  /** true when the device is usable right now. */
  ok: boolean;
  /** short human text: "connected", "reconnecting in 4 s", "paper out", ... */
  state: string;
  /** extra detail for the dashboard (status fields, counters). */
  detail?: Record<string, unknown>;
}

/** What every device part gets from the composition root. */
export interface DeviceContext {
  /** config name of the device (printer name, plc name, station id for triggers). */
  name: string;
  /** child logger already bound to the device. */
  log: Logger;
  clock: Clock;
  /** the gateway's data directory, for device state such as an OPC UA PKI folder. */
  dataDir: string;
}

/** A part with an explicit lifecycle: constructors only assign; start/stop are idempotent. */
export interface Lifecycle {
  start(): Promise<void>;
  /** removes every listener and timer it added; in-flight work is cancelled with a clear error. */
  stop(): Promise<void>;
}

/** Something whose health is reported. */
export interface HasHealth {
  health(): DeviceHealth;
}

// ---------------------------------------------------------------------------------------------
// Stations, as seen by triggers.

/** Who asked for a start cycle. */
export type TriggerSourceKind = 'api' | 'opcua' | 'gpio' | 'interval';

export interface StartRequest {
  source: TriggerSourceKind;
  /** an idempotency key: the same requestId always gets the same serial. */
  requestId?: string;
  /**
   * true when the trigger completes the handshake itself later (OPC UA): the reservation stays
   * pending, and a repeated request gets the same serial, until acknowledge() is called.
   */
  holdUntilAcknowledged?: boolean;
}

export interface StartOutcome {
  result: ResultCode;
  /** the serial, durable on disk before this resolves; absent on a non-zero result. */
  serial?: string;
  /** on a failed step (result 2): the serial reserved for the retry, for operators (never the PLC). */
  waiting?: string;
  /** why a cycle failed, for logs and the API. */
  error?: string;
  /** stable error code (see README "Error codes"). */
  code?: string;
  /** a short text for the HMI (the PLC's optional `reason` node) on a non-zero result. */
  reason?: string;
}

/** What a start station offers its triggers. */
export interface StartPort {
  readonly stationId: string;
  /** Runs one start cycle. Never rejects: failures come back as a non-zero result. */
  start(request: StartRequest): Promise<StartOutcome>;
  /** The trigger's peer has taken the serial (PLC dropped request): the reservation is done. */
  acknowledge(serial: string): Promise<void>;
  /** Records what the peer reported about the unit's operation here (operation.completed). */
  recordOperation(
    serial: string,
    result: 'pass' | 'fail' | undefined,
    parameters: Record<string, unknown>,
  ): Promise<void>;
}

/** A source of start requests for one station (PLC handshake, GPIO edge, timer). */
export interface Trigger extends Lifecycle, HasHealth {}

// ---------------------------------------------------------------------------------------------
// Printers.

/** Printer state from the last ~HS (and ~HQES) answer. */
export interface PrinterStatus {
  paperOut: boolean;
  paused: boolean;
  headOpen: boolean;
  ribbonOut: boolean;
  bufferFull: boolean;
  /** formats received but not yet processed. */
  formatsInBuffer: number;
  /** labels of the current batch not yet printed. */
  labelsRemaining: number;
}

/** What a print must prove besides the label itself. */
export interface PrintOptions {
  /** an RFID label: confirmed only when the tag reads back this EPC (24 hex digits). */
  epc?: string;
}

/** A label printer holding its connection exclusively. */
export interface LabelPrinter extends Lifecycle, HasHealth {
  readonly name: string;
  /**
   * Prints complete ZPL formats: preflight ~HS, send, then poll ~HS until no formats are in the
   * buffer and no labels remain. Resolves once the printer has confirmed the label; rejects
   * with a LinegateError (a PRINTER_* code) on any fault or timeout. One print at a time per printer (queued).
   */
  print(zpl: Buffer, options?: PrintOptions): Promise<void>;
  /** the last known status, or undefined before the first answer. */
  status(): PrinterStatus | undefined;
}

// ---------------------------------------------------------------------------------------------
// Readers and scanners.

/** One RFID tag seen by a reader: an arrival, or a visit after the duplicate filter. */
export interface TagRead {
  /** EPC as upper-case hex. */
  epc: string;
  /** signal strength in dBm, when the reader reports it. */
  rssi?: number;
  antenna?: number;
  /** ms since the epoch when the read's bytes arrived (a visit: its first read). */
  time: number;
}

/** One barcode scan, as the scanner sent it (symbology identifier and GS separators kept). */
export interface Scan {
  text: string;
  /** ms since the epoch when the scan's first byte arrived (not when it was processed). */
  time: number;
}

/** A tag that left the reader's field: not read for the reader's window. */
export interface TagDeparture {
  epc: string;
  /** ms since the epoch of its last read. */
  lastSeen: number;
  /** ms since the epoch from which it counts as gone: lastSeen + the reader's window. */
  time: number;
}

/**
 * An RFID reader. Presence, for identification: 'arrive' on a tag's first read, at once, timed
 * when its bytes arrived; 'depart' once it has not been read for the reader's window (timed at
 * last read + window). Visits, for binding and reports: one 'tag' per visit, after a short settle
 * time, with the strongest RSSI; never a raw read storm.
 */
export interface TagReader extends Lifecycle, HasHealth {
  readonly name: string;
  /** tags still being read now (a visit in progress), most recent first, with when each was last seen. */
  present?(): Array<TagRead & { lastSeen: number }>;
  on(event: 'tag' | 'arrive', listener: (read: TagRead) => void): this;
  on(event: 'depart', listener: (gone: TagDeparture) => void): this;
  off(event: 'tag' | 'arrive', listener: (read: TagRead) => void): this;
  off(event: 'depart', listener: (gone: TagDeparture) => void): this;
}

/** A barcode scanner. Emits one 'scan' per line it sends. */
export interface BarcodeScanner extends Lifecycle, HasHealth {
  readonly name: string;
  on(event: 'scan', listener: (scan: Scan) => void): this;
  off(event: 'scan', listener: (scan: Scan) => void): this;
}
