/** What `linegate serials …` prints: one text form for people, JSON with --json. */
import type { BatchPrintResult } from '../serials/batch-print';
import type { ImportReport } from '../serials/import';
import type { SerialSummary } from '../serials/list';
import type { VoidAnswer } from '../serials/port';
import type { ReserveResult } from '../serials/reserve';

let broken = false;
let watching = false;

/**
 * Writes to stdout, waiting while its buffer is full (a listing of a million serials streams);
 * false once the reader has gone away (`| head`), so a listing stops instead of failing.
 */
export async function out(text: string): Promise<boolean> {
  const stdout = process.stdout;
  if (!watching) {
    watching = true;
    stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      broken = true;
    });
  }
  if (broken) return false;
  if (stdout.write(text)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      stdout.off('drain', done);
      stdout.off('error', done);
      resolve();
    };
    stdout.once('drain', done);
    stdout.once('error', done);
  });
  return !broken;
}

/** A reservation (and its batch print). */
export function reserveText(r: ReserveResult & { print?: BatchPrintResult }): string {
  const range = r.count === 1 ? r.serials[0] : `${r.serials[0]} … ${r.serials[r.count - 1]}`;
  return `reserved ${r.count} serial(s) of scheme ${r.scheme} for work order ${r.workOrder}: ${range}\n${r.print ? printText(r.print) : ''}`;
}

/** A batch print. */
export function printText(p: BatchPrintResult): string {
  const lines = [`printed ${p.printed.length} label(s) at ${p.station}`];
  if (p.skipped.length > 0) lines.push(`skipped ${p.skipped.length} serial(s) no longer reserved`);
  if (p.failed) lines.push(`stopped at ${p.failed.serial}: ${p.failed.code}: ${p.failed.error}`);
  return lines.join('\n') + '\n';
}

/** A void. */
export function voidText(v: VoidAnswer): string {
  const refused = v.refused.map((r) => `not voided ${r.serial}: ${r.code}: ${r.error}`);
  return [`voided ${v.voided} serial(s)`, ...refused].join('\n') + '\n';
}

/** A successful (or no-op) import. */
export function importText(r: ImportReport): string {
  if (r.noop)
    return `${r.file}: these ${r.rows} rows were imported before (import ${r.importId}, event ${r.seq}); nothing to do\n`;
  const wos = Object.entries(r.workOrders).map(([wo, n]) => `${n} for ${wo}`);
  return (
    `${r.file}: imported ${r.rows} rows in one batch: ${r.units} unit serial(s)${wos.length ? ` (${wos.join(', ')})` : ''}, ` +
    `${r.components} component serial(s), ${r.lots} lot(s); import ${r.importId}, event ${r.seq}\n`
  );
}

/** Every bad row of a refused import, as FILE:LINE: message (one a line), and the verdict. */
export function problemsText(r: ImportReport): string {
  const lines = r.problems.map((p) => `${r.file}:${p.line}: ${p.message}`);
  lines.push(`${r.file}: ${r.problems.length} bad row(s) of ${r.rows}; nothing was imported`);
  return lines.join('\n') + '\n';
}

const COLUMNS = [
  'serial',
  'status',
  'kind',
  'partNumber',
  'workOrder',
  'lot',
  'station',
  'issuedAt',
] as const;

/** The heading of a listing. */
export const listHead = COLUMNS.join('\t') + '\n';

/** One serial of a listing: tab-separated columns, `-` for none. */
export function listRow(s: SerialSummary): string {
  const extra = s.originalSerial
    ? `\toriginal ${s.originalSerial}`
    : s.reserializedAs
      ? `\tnow ${s.reserializedAs}`
      : '';
  return COLUMNS.map((c) => s[c] ?? '-').join('\t') + extra + '\n';
}
