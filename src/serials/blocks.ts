/**
 * Serial numbers from blocks leased from the serial-block authority, for schemes with
 * `source: upstream`. A block is written to its own sublevel through the journal before its
 * first number is used; a number is taken inside the issuing transaction, together with the
 * serial record, so no number of a lease is ever used twice. The next block is requested in the
 * background when fewer than `lowWater` numbers remain; with none left, issuing fails with
 * SERIAL_NO_BLOCK (station result 1) rather than waiting on the network inside a transaction.
 * Who the authority is (the MES over HTTP) is plugged in from outside: see BlockAuthority.
 */
import { LinegateError } from '../errors';
import type { Logger } from '../ports';
import type { Journal, Tx } from '../store/journal';
import { Sublevels, joinKey } from '../store/layout';
import type { Store } from '../store/store';

/** One leased block of numbers, first..last inclusive. */
export interface LeasedBlock {
  leaseId: string;
  first: number;
  last: number;
  leasedAt: string;
}

/** The blocks of one counter key; `next` is the next unused number of blocks[0]. */
export interface BlockState {
  blocks: LeasedBlock[];
  next: number;
  /** recent lease ids, so an answer delivered twice is stored once. */
  leases: string[];
}

/** Where a scheme with `source: upstream` takes its numbers. */
export interface BlockSource {
  /** Takes the next number for `key` in `tx`; throws SERIAL_NO_BLOCK when no leased number is left. */
  take(tx: Tx, key: string): Promise<number>;
  /** Makes sure blocks for `key` are on hand (a background request when below low water). */
  want(key: string): void;
}

/** What BlockLeases asks the authority for: `count` numbers of one counter key. */
export interface BlockRequest {
  scheme: string;
  key: string;
  count: number;
  /** the format's highest sequence number: a block must lie within 1..capacity. */
  capacity: number;
}

/** The serial-block authority (src/upstream plugs in the MES's `POST serial-blocks`). */
export interface BlockAuthority {
  /**
   * Leases one block: resolves with it once the authority granted one within 1..capacity,
   * retrying failed requests itself (with backoff); rejects only once `signal` aborts.
   */
  lease(request: BlockRequest, signal: AbortSignal): Promise<LeasedBlock>;
}

export interface BlockLeasesOptions {
  scheme: string;
  blockSize: number;
  lowWater: number;
  /** the format's highest sequence number: a block beyond it is refused. */
  capacity: number;
  authority: BlockAuthority;
  journal: Journal;
  store: Store;
  log: Logger;
}

const KEEP_LEASE_IDS = 32;

/** Leases, stores and hands out blocks of numbers for one scheme. */
export class BlockLeases implements BlockSource {
  /** numbers left per key, as last seen; a hint for prefetching only. */
  private readonly remaining = new Map<string, number>();
  private readonly fetching = new Map<string, Promise<void>>();
  private abort = new AbortController();
  private stopped = false;

  constructor(private readonly opts: BlockLeasesOptions) {}

  async take(tx: Tx, key: string): Promise<number> {
    const k = joinKey(this.opts.scheme, key);
    const state = await tx.get<BlockState>(Sublevels.serialBlocks, k);
    if (!state || state.blocks.length === 0) {
      this.remaining.set(key, 0);
      this.want(key);
      throw new LinegateError(
        'SERIAL_NO_BLOCK',
        `scheme "${this.opts.scheme}" has no leased numbers left for "${key}" and no new block has arrived yet`,
      );
    }
    const [head, ...rest] = state.blocks;
    const n = state.next;
    // A new object: the journal keeps the value it is given in its overlay and cache.
    const after: BlockState =
      n < head.last ? { ...state, next: n + 1 } : { ...state, blocks: rest, next: rest[0]?.first ?? 0 };
    tx.put(Sublevels.serialBlocks, k, after);
    const left = countLeft(after);
    this.remaining.set(key, left);
    if (left < Math.max(1, this.opts.lowWater)) this.want(key);
    return n;
  }

  want(key: string): void {
    if (this.stopped || this.fetching.has(key)) return;
    const run = this.fetchUntilEnough(key).finally(() => this.fetching.delete(key));
    this.fetching.set(key, run);
  }

  /** Stops background requests and waits for them to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await Promise.all(this.fetching.values());
  }

  /** Allows requests again after stop(). */
  start(): void {
    this.stopped = false;
    this.abort = new AbortController();
  }

  private async fetchUntilEnough(key: string): Promise<void> {
    const { scheme, blockSize: count, capacity, authority } = this.opts;
    while (!this.stopped) {
      const left = this.remaining.get(key) ?? (await this.readLeft(key));
      if (left >= Math.max(1, this.opts.lowWater)) return;
      try {
        await this.store(key, await authority.lease({ scheme, key, count, capacity }, this.abort.signal));
      } catch (err) {
        // Stopped, or a block the store refused: the next take or want asks again.
        if (!this.stopped)
          this.opts.log.warn({ key, err: (err as Error).message }, 'serial block not stored');
        return;
      }
    }
  }

  private async readLeft(key: string): Promise<number> {
    const k = joinKey(this.opts.scheme, key);
    const state = (await this.opts.store.sub(Sublevels.serialBlocks).get(k)) as BlockState | undefined;
    const left = state ? countLeft(state) : 0;
    this.remaining.set(key, left);
    return left;
  }

  /** Stores a block durably (synced through the journal) before any of its numbers is used. */
  private async store(key: string, block: LeasedBlock): Promise<void> {
    const k = joinKey(this.opts.scheme, key);
    const left = await this.opts.journal.run(async (tx) => {
      const state = (await tx.get<BlockState>(Sublevels.serialBlocks, k)) ?? {
        blocks: [],
        next: 0,
        leases: [],
      };
      if (state.leases.includes(block.leaseId)) return countLeft(state);
      const overlap = state.blocks.find((b) => block.first <= b.last && b.first <= block.last);
      if (overlap) throw new Error(`block ${block.first}..${block.last} overlaps lease ${overlap.leaseId}`);
      const blocks = [...state.blocks, block];
      const after: BlockState = {
        blocks,
        next: state.blocks.length === 0 ? block.first : state.next,
        leases: [...state.leases, block.leaseId].slice(-KEEP_LEASE_IDS),
      };
      tx.put(Sublevels.serialBlocks, k, after);
      return countLeft(after);
    });
    this.remaining.set(key, left);
    this.opts.log.info(
      { key, leaseId: block.leaseId, first: block.first, last: block.last },
      'serial block leased',
    );
  }
}

/** Numbers not yet used in a state. */
function countLeft(state: BlockState): number {
  return state.blocks.reduce((sum, b, i) => sum + b.last - (i === 0 ? state.next : b.first) + 1, 0);
}
