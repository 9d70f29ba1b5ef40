/**
 * What the outbox holds, in memory: the seq range on disk and the JSON bytes of its events in
 * fixed chunks of CHUNK seqs, so "bytes not yet delivered" and "bytes freed by pruning a range"
 * are answered without reading the store. Built by one scan at start, then kept current from
 * the journal's 'committed' events and from each prune.
 */
import type { GatewayEvent } from '../events/event';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import type { IteratorOptions } from './batch';

/** seqs per chunk; pruning works in whole chunks. */
export const CHUNK = 1024;

const chunkOf = (seq: number) => Math.floor((seq - 1) / CHUNK);
/** last seq of the chunk holding `seq`. */
export const chunkEnd = (seq: number) => (chunkOf(seq) + 1) * CHUNK;

/** Event counts and bytes by chunk. */
export class Ledger {
  /** lowest seq on disk (lastSeq + 1 when empty). */
  firstSeq = 1;
  /** highest seq on disk (0 when none was ever written). */
  lastSeq = 0;
  totalBytes = 0;
  private readonly chunks = new Map<number, number>();

  /** Builds the ledger by scanning every stored event (about a second per million). */
  static async scan(store: Store): Promise<Ledger> {
    const ledger = new Ledger();
    const options: IteratorOptions = { valueEncoding: 'utf8', highWaterMarkBytes: 1024 * 1024 };
    const it = store.sub(Sublevels.events).iterator(options);
    try {
      for (;;) {
        const entries = (await it.nextv(1000)) as Array<[string, string]>;
        if (entries.length === 0) break;
        for (const [key, value] of entries) ledger.add(Number(key), Buffer.byteLength(value, 'utf8'));
      }
    } finally {
      await it.close();
    }
    return ledger;
  }

  /** stored events. */
  get count(): number {
    return this.lastSeq - this.firstSeq + 1;
  }

  /** Records events just committed. */
  appended(events: readonly GatewayEvent[]): number {
    let bytes = 0;
    for (const e of events) {
      // The journal stores exactly JSON.stringify(event).
      const size = Buffer.byteLength(JSON.stringify(e), 'utf8');
      this.add(e.seq, size);
      bytes += size;
    }
    return bytes;
  }

  /** Bytes of events with seq > `seq` (exact at chunk boundaries, pro rata inside one). */
  bytesAfter(seq: number): number {
    if (seq < this.firstSeq) return this.totalBytes;
    if (seq >= this.lastSeq) return 0;
    let bytes = 0;
    const cut = chunkOf(seq + 1);
    for (const [chunk, size] of this.chunks) if (chunk > cut) bytes += size;
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

  private add(seq: number, bytes: number): void {
    if (this.lastSeq === 0 || seq < this.firstSeq) this.firstSeq = seq;
    if (seq > this.lastSeq) this.lastSeq = seq;
    const c = chunkOf(seq);
    this.chunks.set(c, (this.chunks.get(c) ?? 0) + bytes);
    this.totalBytes += bytes;
  }
}
