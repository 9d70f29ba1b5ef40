/**
 * Imports checked rows (import-rows.ts) into the store atomically or not at all: serials for a
 * work order go into its pre-assigned pool (reserved), serials with a lot are received components
 * ("serial in inventory"), lot-only rows receive the lot. Everything, with one event, is ONE
 * synced LevelDB batch, written through Journal.runBulk so that 100,000 serial records cost
 * neither the journal overlay's memory nor the array batch's per-operation price. A crash before
 * that write leaves nothing; after it, everything.
 *
 * An import is identified by a hash of its rows' content, so importing the same rows again (the
 * same file, even re-saved with other line endings or quoting) is a no-op.
 */
import { createHash } from 'node:crypto';
import { LinegateError, hasCode } from '../errors';
import type { EventType } from '../events/event';
import type { Clock } from '../ports';
import type { Journal, Tx } from '../store/journal';
import { Sublevels, joinKey } from '../store/layout';
import type { Store } from '../store/store';
import type { SerialRecord } from '../units/unit';
import type { ImportRow, RowProblem } from './import-rows';
import { collisions } from './collisions';
import { lotClashes, receiveLots } from './lots';
import { appendToPool } from './pool';
import { UnitRecords } from '../units/records';

/** What an import did (or, with problems, why it did nothing). */
export interface ImportReport {
  /** hash of the rows' content: the same rows always get the same id. */
  importId: string;
  file: string;
  rows: number;
  /** true when these rows were imported before: nothing was written. */
  noop: boolean;
  units: number;
  components: number;
  lots: number;
  /** pool serials added per work order. */
  workOrders: Record<string, number>;
  /** every bad row, by line; an import with any does nothing. */
  problems: RowProblem[];
  /** seq of the import's event (of the earlier import, for a no-op). */
  seq?: number;
}

/** An import refused because of bad rows: SERIAL_IMPORT_INVALID with the report in its context. */
export function importRejected(report: ImportReport): LinegateError {
  return new LinegateError(
    'SERIAL_IMPORT_INVALID',
    `${report.file}: ${report.problems.length} bad row(s) of ${report.rows}; nothing was imported`,
    { context: { report } },
  );
}

/** The report of a refused import (`report.problems` names each bad row by line), or undefined. */
export function rejectedImport(err: unknown): ImportReport | undefined {
  return hasCode(err, 'SERIAL_IMPORT_INVALID') ? err.context.report : undefined;
}

/** What the store keeps of each import. */
export interface ImportRecord {
  importId: string;
  file: string;
  rows: number;
  at: string;
  seq: number;
}

export interface ImportDeps {
  store: Store;
  journal: Journal;
  clock: Clock;
  /** schemes whose counters an import may move past imported numbers (local counters). */
  localSchemes: ReadonlySet<string>;
}

export interface ImportInput {
  rows: ImportRow[];
  problems: RowProblem[];
  /** each row's serial and its line (checkRows builds it). */
  serials: ReadonlyMap<string, number>;
  file: string;
  /** a CSV import (serial.imported) or components received through the API (component.received). */
  source: 'import' | 'receive';
  /** told each phase as it begins (the CLI's --verbose). */
  progress?: (phase: string) => void;
}

/** Imports the rows, or throws importRejected naming every bad row (nothing is written then). */
export async function importRows(deps: ImportDeps, input: ImportInput): Promise<ImportReport> {
  const report = emptyReport(input);
  if (input.problems.length > 0) {
    // Reading the store outside the journal is safe here: nothing will be written.
    report.problems = byLine([
      ...report.problems,
      ...(await collisions(deps.store, input.rows, input.serials)),
    ]);
    throw importRejected(report);
  }
  input.progress?.(`checking ${input.rows.length} rows against the store`);
  return deps.journal.runBulk(async (tx, bulk) => {
    const earlier = await tx.get<ImportRecord>(Sublevels.imports, report.importId);
    if (earlier) return { ...report, noop: true, seq: earlier.seq };
    // Inside runBulk no other transaction runs, so the store itself is the committed state.
    const clashes = await collisions(deps.store, input.rows, input.serials);
    clashes.push(...(await lotClashes(tx, input.rows)));
    if (clashes.length > 0) throw importRejected({ ...report, problems: clashes });
    count(report, input.rows);
    input.progress?.(`writing ${input.rows.length} rows in one synced batch`);
    const at = new Date(deps.clock.now()).toISOString();
    const event = tx.appendEvent({
      type: (input.source === 'import' ? 'serial.imported' : 'component.received') satisfies EventType,
      data: eventData(report, input.rows),
    });
    const pools = new Map<string, string[]>();
    for (const row of input.rows) {
      if (row.serial === undefined) continue;
      UnitRecords.putBulk(bulk, recordOf(row, input.source, report.importId, at, event.seq));
      if (row.workOrder !== undefined) {
        const pool = pools.get(row.workOrder) ?? [];
        pool.push(row.serial);
        pools.set(row.workOrder, pool);
      }
    }
    for (const [workOrder, serials] of pools) await appendToPool(tx, workOrder, serials);
    await receiveLots(tx, input.rows, report.importId, at, event.seq);
    await movePastImported(tx, input.rows, deps.localSchemes);
    const record: ImportRecord = {
      importId: report.importId,
      file: input.file,
      rows: report.rows,
      at,
      seq: event.seq,
    };
    tx.put(Sublevels.imports, report.importId, record);
    return { ...report, seq: event.seq };
  });
}

function emptyReport(input: ImportInput): ImportReport {
  // The rows' content, not the file's bytes: the same rows re-saved with other line endings or
  // quoting are the same import. Hashed in slices of text: one native call per 1000 rows.
  const hash = createHash('sha256');
  let text = '';
  for (let i = 0; i < input.rows.length; i++) {
    const r = input.rows[i];
    text += `${r.serial ?? ''}\t${r.partNumber}\t${r.workOrder ?? ''}\t${r.lot ?? ''}\t${r.gtin ?? ''}\t${r.expiry ?? ''}\n`;
    if (i % 1000 === 999) {
      hash.update(text);
      text = '';
    }
  }
  hash.update(text);
  return {
    importId: hash.digest('hex').slice(0, 32),
    file: input.file,
    rows: input.rows.length + input.problems.length,
    noop: false,
    units: 0,
    components: 0,
    lots: 0,
    workOrders: {},
    problems: [...input.problems],
  };
}

/** Problems in line order, one per line (a bad row may also collide). */
function byLine(problems: RowProblem[]): RowProblem[] {
  const merged = new Map<number, RowProblem>();
  for (const p of problems) {
    const earlier = merged.get(p.line);
    merged.set(p.line, earlier ? { ...earlier, message: `${earlier.message}; ${p.message}` } : p);
  }
  return [...merged.values()].sort((a, b) => a.line - b.line);
}

function count(report: ImportReport, rows: ImportRow[]): void {
  const lots = new Set<string>();
  for (const r of rows) {
    if (r.lot !== undefined) lots.add(r.lot);
    if (r.serial === undefined) continue;
    if (r.workOrder !== undefined) {
      report.units++;
      report.workOrders[r.workOrder] = (report.workOrders[r.workOrder] ?? 0) + 1;
    } else report.components++;
  }
  report.lots = lots.size;
}

/** The event: counts and ranges, not 100,000 serials (the system that sent the file has them). */
function eventData(report: ImportReport, rows: ImportRow[]): Record<string, unknown> {
  let first: string | undefined;
  let last: string | undefined;
  let withSerial = 0;
  const lots = new Set<string>();
  for (const r of rows) {
    if (r.lot !== undefined && lots.size < 100) lots.add(r.lot);
    if (r.serial === undefined) continue;
    first ??= r.serial;
    last = r.serial;
    withSerial++;
  }
  return {
    importId: report.importId,
    file: report.file,
    rows: report.rows,
    units: report.units,
    components: report.components,
    lots: [...lots],
    workOrders: report.workOrders,
    first,
    last,
    ...(withSerial <= 1000 && { serials: rows.filter((r) => r.serial !== undefined).map((r) => r.serial) }),
  };
}

/** The record of an imported serial; undefined fields are left out of its JSON. */
function recordOf(
  row: ImportRow,
  source: ImportInput['source'],
  importId: string,
  at: string,
  seq: number,
): SerialRecord {
  const unit = row.workOrder !== undefined;
  return {
    serial: row.serial!,
    status: unit ? 'reserved' : 'received',
    scheme: row.scheme ?? '',
    key: row.key ?? '',
    seq: row.seq ?? 0,
    partNumber: row.partNumber,
    workOrder: row.workOrder,
    station: '',
    issuedAt: at,
    events: [seq],
    kind: unit ? 'unit' : 'component',
    origin: source === 'import' ? 'imported' : 'received',
    importId,
    lot: row.lot,
    gtin: row.gtin,
    expiry: row.expiry,
  };
}

/**
 * Moves a scheme's counter past imported numbers that directly follow it, so its next issue does
 * not skip them one by one. Numbers further ahead stay skipped when their turn comes (the index
 * has the last word); moving the counter there would throw the numbers between away.
 */
async function movePastImported(tx: Tx, rows: ImportRow[], local: ReadonlySet<string>): Promise<void> {
  const byCounter = new Map<string, number[]>();
  for (const r of rows) {
    if (r.scheme === undefined || r.key === undefined || r.seq === undefined || !local.has(r.scheme))
      continue;
    const k = joinKey(r.scheme, r.key);
    const seqs = byCounter.get(k);
    if (seqs) seqs.push(r.seq);
    else byCounter.set(k, [r.seq]);
  }
  for (const [k, list] of byCounter) {
    const start = (await tx.get<number>(Sublevels.counters, k)) ?? 0;
    // Sorted, the run right after the counter is a walk from where start + 1 sits (a key's
    // sequence numbers are distinct: their serials are).
    const seqs = Float64Array.from(list).sort();
    let i = seqs.indexOf(start + 1);
    if (i < 0) continue;
    while (i + 1 < seqs.length && seqs[i + 1] === seqs[i] + 1) i++;
    tx.put(Sublevels.counters, k, seqs[i]);
  }
}
