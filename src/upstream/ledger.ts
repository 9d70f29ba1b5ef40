/**
 * What the outbox holds, in memory: the seq range on disk and the JSON bytes of its events in
 * fixed chunks of CHUNK seqs, so "bytes not yet delivered" and "bytes freed by pruning a range"
 * are answered without reading the store. Kept current from the journal's 'committed' events and
 * from each prune. The sizes of complete chunks are checkpointed in their own sublevel, so a
 * start reads only the events of chunks without a checkpoint (normally the last, partial one).
 */
import type { GatewayEvent } from '../events/event';
import { Sublevels, seqKey } from '../store/layout';
import type { Store } from '../store/store';

/** seqs per chunk; pruning works in whole chunks. */
export const CHUNK = 1024;

/** the chunk holding `seq`. */
export const chunkOf = (seq: number) => Math.floor((seq - 1) / CHUNK);
/** last seq of the chunk holding `seq`. */
export const chunkEnd = (seq: number) => (chunkOf(seq) + 1) * CHUNK;
/** the key of a chunk's checkpoint. */
export const chunkKey = (chunk: number) => String(chunk).padStart(10, '0');

/** Event counts and bytes by chunk. */
export class Ledger {
  /** lowest seq on disk (lastSeq + 1 when empty). */
  firstSeq = 1;
  /** highest seq on disk (0 when none was ever written). */
  lastSeq = 0;
  totalBytes = 0;
  private readonly chunks = new Map<number, number>();

  /** Builds the ledger from the checkpoints, reading the events of chunks that have none. */
  static async load(store: Store): Promise<Ledger> {
    const ledger = new Ledger();
    const events = store.sub(Sublevels.events);
    const first = await firstKey(events.keys({ limit: 1 }));
    const last = await firstKey(events.keys({ reverse: true, limit: 1 }));
    if (first === undefined || last === undefined) return ledger;
    const saved = new Map<number, number>();
    for await (const [k, v] of store.sub(Sublevels.outboxChunks).iterator())
      saved.set(Number(k), v as number);
    for (let c = chunkOf(first); c <= chunkOf(last); c++) {
      const start = c * CHUNK + 1;
      const end = start + CHUNK - 1;
      const bytes = saved.get(c);
      if (bytes !== undefined && start >= first && end <= last) ledger.addChunk(c, bytes, start, end);
      else await ledger.scanRange(store, Math.max(first, start), Math.min(last, end));
    }
    return ledger;
  }

  /** stored events. */
  get count(): number {
    return this.lastSeq - this.firstSeq + 1;
  }

  /** Records events just committed; returns the chunks they completed, with their bytes. */
  appended(events: readonly GatewayEvent[]): Array<[chunk: number, bytes: number]> {
    const completed: Array<[number, number]> = [];
    for (const e of events) {
      // The journal stores exactly JSON.stringify(event).
      this.add(e.seq, Buffer.byteLength(JSON.stringify(e), 'utf8'));
      if (e.seq === chunkEnd(e.seq)) completed.push([chunkOf(e.seq), this.chunks.get(chunkOf(e.seq)) ?? 0]);
    }
    return completed;
  }

  /** Bytes of events with seq > `seq` (exact at chunk boundaries, pro rata inside one). */
  bytesAfter(seq: number): number {
    if (seq < this.firstSeq) return this.totalBytes;
    if (seq >= this.lastSeq) return 0;
    let bytes = 0;
    const cut = chunkOf(seq + 1);
    // Walks only the chunks after `seq`: few when the sinks are up to date (admit() runs per start).
    for (let c = cut + 1; c <= chunkOf(this.lastSeq); c++) bytes += this.chunks.get(c) ?? 0;
    const lo = Math.max(this.firstSeq, cut * CHUNK + 1);
    const hi = Math.min(this.lastSeq, (cut + 1) * CHUNK);
    const inChunk = this.chunks.get(cut) ?? 0;
    return bytes + (inChunk * (hi - seq)) / Math.max(1, hi - lo + 1);
  }

  /** Forgets events through `seq`, which must end a chunk (pruning works in whole chunks); returns bytes freed. */
  dropThrough(seq: number): number {
    let freed = 0;
    for (let c = chunkOf(this.firstSeq); c <= chunkOf(seq); c++) {
      freed += this.chunks.get(c) ?? 0;
      this.chunks.delete(c);
    }
    this.totalBytes -= freed;
    this.firstSeq = seq + 1;
    return freed;
  }

  private addChunk(chunk: number, bytes: number, start: number, end: number): void {
    if (this.lastSeq === 0 || start < this.firstSeq) this.firstSeq = start;
    if (end > this.lastSeq) this.lastSeq = end;
    this.chunks.set(chunk, bytes);
    this.totalBytes += bytes;
  }

  private async scanRange(store: Store, from: number, to: number): Promise<void> {
    const it = store
      .sub(Sublevels.events)
      .iterator({ gte: seqKey(from), lte: seqKey(to), valueEncoding: 'utf8' });
    try {
      for (;;) {
        const entries = (await it.nextv(1000)) as Array<[string, string]>;
        if (entries.length === 0) break;
        for (const [key, value] of entries) this.add(Number(key), Buffer.byteLength(value, 'utf8'));
      }
    } finally {
      await it.close();
    }
  }

  private add(seq: number, bytes: number): void {
    if (this.lastSeq === 0 || seq < this.firstSeq) this.firstSeq = seq;
    if (seq > this.lastSeq) this.lastSeq = seq;
    const c = chunkOf(seq);
    this.chunks.set(c, (this.chunks.get(c) ?? 0) + bytes);
    this.totalBytes += bytes;
  }
}

async function firstKey(keys: AsyncIterable<string>): Promise<number | undefined> {
  for await (const k of keys) return Number(k);
  return undefined;
}
