/**
 * Which rows of an import name a serial the store already has (issued, reserved, imported or
 * received). A new batch of numbers usually spans a range of the index that holds few serials,
 * so the range is scanned first (one seek, then only the keys inside it); when it holds as many
 * keys as the import has rows, the rows are looked up instead, in chunks.
 */
import type { Store } from '../store/store';
import type { SerialRecord } from '../units/unit';
import type { ImportRow, RowProblem } from './import-rows';
import { UnitRecords } from '../units/records';

/** Getting records by key costs one thread-pool job per this many. */

/**
 * The rows whose serial the store has, as problems naming the line and what the store knows.
 * `index` maps each row's serial to its line (checkRows builds it anyway).
 */
export async function collisions(
  store: Store,
  rows: readonly ImportRow[],
  index: ReadonlyMap<string, number>,
): Promise<RowProblem[]> {
  if (index.size === 0) return [];
  let min: string | undefined;
  let max: string | undefined;
  for (const serial of index.keys()) {
    if (min === undefined || serial < min) min = serial;
    if (max === undefined || serial > max) max = serial;
  }
  const hits: string[] = [];
  let scanned = 0;
  for await (const key of UnitRecords.keys(store, { gte: min, lte: max, limit: index.size })) {
    scanned++;
    if (index.has(key)) hits.push(key);
  }
  const found = scanned < index.size ? await records(store, hits) : await records(store, [...index.keys()]);
  const problems: RowProblem[] = [];
  for (const existing of found) {
    const line = index.get(existing.serial)!;
    const row = rows.find((r) => r.line === line);
    const where = [
      existing.workOrder && `work order ${existing.workOrder}`,
      existing.partNumber && `part ${existing.partNumber}`,
    ]
      .filter(Boolean)
      .join(', ');
    problems.push({
      line,
      serial: row?.serial ?? existing.serial,
      message: `serial ${existing.serial} is already known here (${existing.status}${where ? `, ${where}` : ''}, since ${existing.issuedAt})`,
    });
  }
  return problems.sort((a, b) => a.line - b.line);
}

async function records(store: Store, serials: string[]): Promise<SerialRecord[]> {
  return (await UnitRecords.readMany(store, serials)).filter((r): r is SerialRecord => r !== undefined);
}
