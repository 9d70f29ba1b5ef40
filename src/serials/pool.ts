/**
 * Pre-assigned serials: a queue per work order of serials reserved from a scheme or imported from
 * a file, which that work order's start cycles take in order before any new number is drawn.
 * Serials are kept in chunks of POOL_CHUNK, so a 100,000-serial pool is a few hundred records and
 * a start reads one chunk; the head records how many the pool holds and which one is next. A
 * serial voided (or otherwise no longer reserved or printed) is skipped when its turn comes.
 */
import type { Journal, Tx } from '../store/journal';
import { Sublevels, joinKey, seqKey } from '../store/layout';
import type { Store } from '../store/store';
import { canMove, moveUnit } from '../units/status';
import type { SerialRecord } from '../units/unit';
import { appendUnitEvent, UnitRecords } from '../units/records';

/** Serials per pool chunk record. */
export const POOL_CHUNK = 256;
/** Serials voided per transaction by voidRest (each with its own serial.voided event). */
const VOID_CHUNK = 1000;

/** The state of one work order's pool. */
export interface PoolHead {
  /** serials ever appended. */
  size: number;
  /** position of the next serial a start takes. */
  next: number;
  /** a void of the rest in progress (resumed by the next void should the process die). */
  voiding?: { from: number; to: number; reason: string; by: string };
}

const chunkKey = (workOrder: string, chunk: number) => joinKey(workOrder, seqKey(chunk));

/** Appends serials to the work order's pool, in the caller's transaction. */
export async function appendToPool(tx: Tx, workOrder: string, serials: readonly string[]): Promise<void> {
  if (serials.length === 0) return;
  const head = (await tx.get<PoolHead>(Sublevels.workOrders, workOrder)) ?? { size: 0, next: 0 };
  let pos = head.size;
  let i = 0;
  while (i < serials.length) {
    const chunk = Math.floor(pos / POOL_CHUNK);
    const existing = pos % POOL_CHUNK === 0 ? [] : await readChunk(tx, workOrder, chunk);
    const take = serials.slice(i, i + POOL_CHUNK - (pos % POOL_CHUNK));
    tx.put(Sublevels.preassigned, chunkKey(workOrder, chunk), [...existing, ...take]);
    pos += take.length;
    i += take.length;
  }
  tx.put(Sublevels.workOrders, workOrder, { ...head, size: pos });
}

/**
 * Takes the work order's next pre-assigned serial that is still reserved or printed, in the
 * caller's transaction (the caller starts it); undefined when the pool has none left.
 */
export async function takeFromPool(tx: Tx, workOrder: string): Promise<SerialRecord | undefined> {
  const head = await tx.get<PoolHead>(Sublevels.workOrders, workOrder);
  if (!head || head.next >= head.size) return undefined;
  let next = head.next;
  let chunk: { n: number; serials: string[] } | undefined;
  let found: SerialRecord | undefined;
  while (found === undefined && next < head.size) {
    const n = Math.floor(next / POOL_CHUNK);
    if (chunk?.n !== n) chunk = { n, serials: await readChunk(tx, workOrder, n) };
    const serial = chunk.serials[next % POOL_CHUNK];
    next++;
    const record = serial === undefined ? undefined : await UnitRecords.get(tx, serial);
    if (record && canMove(record, 'start')) found = record;
  }
  tx.put(Sublevels.workOrders, workOrder, { ...head, next });
  return found;
}

/**
 * Voids every serial of the work order's pool not yet taken (serial.voided with the reason, one
 * event each), `VOID_CHUNK` per synced batch. The first batch empties the pool at once, so starts
 * fall back to the scheme from then on; a void cut short (the process died) is finished by the
 * next voidRest of that work order, with the reason first given. Resolves with the number voided.
 */
export async function voidRest(
  journal: Journal,
  workOrder: string,
  reason: string,
  by: string,
): Promise<number> {
  let voided = 0;
  for (;;) {
    const step = await journal.run(async (tx) => {
      const head = await tx.get<PoolHead>(Sublevels.workOrders, workOrder);
      if (!head) return { n: 0, done: true };
      const v = head.voiding ?? { from: head.next, to: head.size, reason, by };
      if (v.from >= v.to) return { n: 0, done: true };
      const end = Math.min(v.to, v.from + VOID_CHUNK);
      let n = 0;
      let chunk: { n: number; serials: string[] } | undefined;
      for (let pos = v.from; pos < end; pos++) {
        const c = Math.floor(pos / POOL_CHUNK);
        if (chunk?.n !== c) chunk = { n: c, serials: await readChunk(tx, workOrder, c) };
        const record = await UnitRecords.get(tx, chunk.serials[pos % POOL_CHUNK]);
        if (!record || !canMove(record, 'void')) continue;
        moveUnit(record, 'void');
        appendUnitEvent(tx, record, {
          type: 'serial.voided',
          workOrder,
          data: { reason: v.reason, by: v.by, workOrder },
        });
        n++;
      }
      const done = end >= v.to;
      const after: PoolHead = { size: head.size, next: Math.max(head.next, v.to) };
      if (!done) after.voiding = { ...v, from: end };
      tx.put(Sublevels.workOrders, workOrder, after);
      return { n, done };
    });
    voided += step.n;
    if (step.done) return voided;
  }
}

/** The pool's serials not yet taken, in order (read from the store; for listings and batch printing). */
export async function* pendingInPool(store: Store, workOrder: string): AsyncGenerator<string> {
  const head = (await store.sub(Sublevels.workOrders).get(workOrder)) as PoolHead | undefined;
  if (!head) return;
  const chunks = store.sub(Sublevels.preassigned);
  const from = Math.floor(head.next / POOL_CHUNK);
  let pos = from * POOL_CHUNK;
  for await (const serials of chunks.values({
    gte: chunkKey(workOrder, from),
    lt: joinKey(workOrder, '\xff'),
  })) {
    for (const serial of serials as string[]) {
      if (pos++ >= head.next) yield serial;
    }
  }
}

async function readChunk(tx: Tx, workOrder: string, chunk: number): Promise<string[]> {
  return (await tx.get<string[]>(Sublevels.preassigned, chunkKey(workOrder, chunk))) ?? [];
}
