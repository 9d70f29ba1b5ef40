/**
 * The receiver's durable side: event ids already stored (loaded from the JSONL file at open, so
 * dedupe survives a restart), appends synced before the answer, and serial-block counters per
 * (scheme, key) in a small JSON file beside it, written and synced before a lease is answered.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A leased block as the authority answers it. */
export interface Lease {
  leaseId: string;
  first: number;
  last: number;
}

interface LeaseFile {
  leases: number;
  counters: Record<string, number>;
}

/** Event ids of the current file and of the one before it (the dedupe window when rotating). */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  add(id: string): void {
    this.current.add(id);
  }

  /** The current file became the previous one. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Set();
  }
}

/** The JSONL file and the lease counters. */
export class ReceiverFiles {
  readonly ids = new RecentIds();
  private fh: FileHandle | undefined;
  private leaseState: LeaseFile = { leases: 0, counters: {} };
  private size = 0;

  /**
   * `maxBytes`: past this size the file is renamed to `FILE.1` (replacing the one before) and a
   * new one begins, so a receiver that runs for days keeps bounded disk and memory; duplicates are
   * still dropped across one rotation. Unbounded when absent.
   */
  constructor(
    readonly file: string,
    private readonly fsync: boolean,
    private readonly maxBytes?: number,
  ) {}

  get leaseFile(): string {
    return `${this.file}.leases.json`;
  }

  /** Opens the file for appending and loads the ids and counters already stored. */
  async open(): Promise<void> {
    mkdirSync(path.dirname(this.file), { recursive: true });
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          this.ids.add((JSON.parse(line) as { id: string }).id);
        } catch {
          // A torn last line from a crash: the event is sent again and stored then.
        }
      }
    }
    if (existsSync(this.leaseFile))
      this.leaseState = JSON.parse(readFileSync(this.leaseFile, 'utf8')) as LeaseFile;
    this.fh = await open(this.file, 'a');
    this.size = statSync(this.file).size;
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }

  /** Appends the lines (each ends with a newline) and syncs them. */
  async append(lines: string): Promise<void> {
    if (!this.fh) throw new Error('receiver file is not open');
    await this.fh.write(lines);
    if (this.fsync) await this.fh.datasync();
    this.size += Buffer.byteLength(lines);
    if (this.maxBytes !== undefined && this.size > this.maxBytes) await this.rotate();
  }

  private async rotate(): Promise<void> {
    await this.fh?.close();
    renameSync(this.file, `${this.file}.1`);
    this.ids.rotate();
    this.fh = await open(this.file, 'a');
    this.size = 0;
  }

  /** Leases `count` numbers after the last one leased for (scheme, key), durably. */
  async lease(scheme: string, key: string, count: number): Promise<Lease> {
    const k = `${scheme}\u0000${key}`;
    const first = (this.leaseState.counters[k] ?? 0) + 1;
    const last = first + count - 1;
    const next: LeaseFile = {
      leases: this.leaseState.leases + 1,
      counters: { ...this.leaseState.counters, [k]: last },
    };
    const fh = await open(this.leaseFile, 'w');
    try {
      await fh.writeFile(JSON.stringify(next));
      await fh.sync();
    } finally {
      await fh.close();
    }
    this.leaseState = next;
    return { leaseId: `lease-${next.leases}`, first, last };
  }
}
