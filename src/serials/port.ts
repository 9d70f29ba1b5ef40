/**
 * What the CLI and the API ask of the serial lifecycle, as one port: served from the store by
 * SerialsAdmin (the API, and the CLI with the gateway stopped) or through a running gateway's
 * API by the client in api-client.ts (the CLI while the gateway holds the store's lock).
 */
import type { BatchPrintResult } from './batch-print';
import type { ImportReport } from './import';
import type { SerialFilter, SerialPage, SerialSummary } from './list';
import type { ReserveResult, VoidRefusal } from './reserve';

export interface ReserveParams {
  /** scheme name (under serials in the config). */
  scheme: string;
  count: number;
  workOrder: string;
  partNumber?: string;
  /** the start station the serials are for ({station} tokens, batch printing); default: one using the scheme. */
  station?: string;
  /** print the labels as a batch at `station` once reserved (running gateway only). */
  print?: boolean;
}

export interface PrintParams {
  workOrder: string;
  /** a start station with a label and a printer. */
  station: string;
  /** at most this many (default: every reserved serial of the pool, in order). */
  count?: number;
}

export interface VoidParams {
  /** void every serial of this work order's pool not yet taken ... */
  workOrder?: string;
  /** ... or these serials. */
  serials?: string[];
  reason: string;
  by?: string;
}

export interface VoidAnswer {
  voided: number;
  refused: VoidRefusal[];
}

export interface ImportParams {
  /** the CSV text. */
  text: string;
  /** its name, for the report. */
  file: string;
  /** the scheme whose format (and check character) work-order serials must match; default: the scheme of the start station with that work order, if any. */
  scheme?: string;
  /** told each phase as it begins (store path only; the CLI's --verbose). */
  progress?: (phase: string) => void;
}

/** A received component serial or lot (API). */
export interface ReceivedItem {
  serial?: string;
  lot?: string;
  partNumber: string;
  gtin?: string;
  /** YYYY-MM-DD or YYMMDD. */
  expiry?: string;
}

export interface ReserializeParams {
  original: string;
  /** the plant's serial for it; default: the next one of `scheme`. */
  serial?: string;
  scheme?: string;
  station?: string;
  /** for a supplier serial the plant has no record of. */
  partNumber?: string;
}

/** The serial lifecycle's operations. Failures reject with LinegateError (SERIAL_IMPORT_INVALID with the report for bad rows) or TypeError (bad input). */
export interface SerialsPort {
  reserve(p: ReserveParams): Promise<ReserveResult & { print?: BatchPrintResult }>;
  print(p: PrintParams): Promise<BatchPrintResult>;
  void(p: VoidParams): Promise<VoidAnswer>;
  importCsv(p: ImportParams): Promise<ImportReport>;
  receive(items: ReceivedItem[]): Promise<ImportReport>;
  reserialize(p: ReserializeParams): Promise<{ original: string; serial: string; seq: number }>;
  page(filter: SerialFilter, page: { after?: string; limit: number }): Promise<SerialPage>;
  stream(filter: SerialFilter): AsyncIterable<SerialSummary>;
}
