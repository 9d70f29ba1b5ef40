/**
 * Lots received from suppliers: an import or receipt records each lot it names that the plant
 * does not know yet, so a lot scan of it is a known component; a lot received for one part number
 * cannot come in again for another.
 */
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { ImportRow, RowProblem } from './import-rows';

/** A lot received from a supplier. */
export interface LotRecord {
  lot: string;
  partNumber: string;
  gtin?: string;
  expiry?: string;
  receivedAt: string;
  importId: string;
  events: number[];
}

/** Rows naming a lot already received for another part number. */
export async function lotClashes(tx: Tx, rows: ImportRow[]): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  for (const row of rows) {
    if (row.lot === undefined) continue;
    const lot = await tx.get<LotRecord>(Sublevels.lots, row.lot);
    if (lot && lot.partNumber !== row.partNumber)
      problems.push({
        line: row.line,
        serial: row.serial,
        message: `lot ${row.lot} was received for part ${lot.partNumber}, not ${row.partNumber}`,
      });
  }
  return problems;
}

/** Records every lot the rows name that is not yet known, so a lot scan of it is a known component. */
export async function receiveLots(
  tx: Tx,
  rows: ImportRow[],
  importId: string,
  at: string,
  seq: number,
): Promise<void> {
  const done = new Set<string>();
  for (const row of rows) {
    if (row.lot === undefined || done.has(row.lot)) continue;
    done.add(row.lot);
    if (await tx.get<LotRecord>(Sublevels.lots, row.lot)) continue;
    const lot: LotRecord = {
      lot: row.lot,
      partNumber: row.partNumber,
      ...(row.gtin !== undefined && { gtin: row.gtin }),
      ...(row.expiry !== undefined && { expiry: row.expiry }),
      receivedAt: at,
      importId,
      events: [seq],
    };
    tx.put(Sublevels.lots, row.lot, lot);
  }
}
