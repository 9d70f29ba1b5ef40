/**
 * The carrier a start station binds: the tag its reader saw most recently within the window
 * before the start. A carrier standing at the reader is still being read, so a reader that
 * reports the tags present counts their last sighting too. Each visit binds at most one unit: a
 * second start with the same carrier still in front of the reader answers "not ready" instead of
 * stealing the first unit's carrier; the carrier must leave and come back (a new visit).
 */
import type { TagRead, TagReader } from '../ports';

export class CarrierWindow {
  private latest: TagRead | undefined;
  /** carriers bound during their current visit. */
  private readonly bound = new Set<string>();
  private readonly onTag = (read: TagRead) => {
    this.latest = read;
    this.bound.delete(read.epc);
  };

  constructor(
    private readonly reader: TagReader,
    private readonly windowMs: number,
  ) {}

  /** Starts listening to the reader. */
  start(): void {
    this.reader.on('tag', this.onTag);
  }

  /** Stops listening. */
  stop(): void {
    this.reader.off('tag', this.onTag);
  }

  /** Takes the carrier seen most recently within the window before `now`; undefined if none. */
  take(now: number): string | undefined {
    const seen: Array<{ epc: string; at: number }> = [];
    if (this.latest) seen.push({ epc: this.latest.epc, at: this.latest.time });
    for (const p of this.reader.present?.() ?? []) seen.push({ epc: p.epc, at: p.lastSeen });
    const candidates = seen
      .filter((s) => now - s.at <= this.windowMs && !this.bound.has(s.epc))
      .sort((a, b) => b.at - a.at);
    const chosen = candidates[0]?.epc;
    if (chosen !== undefined) this.bound.add(chosen);
    return chosen;
  }

  /** Gives a taken carrier back (the start it was taken for recorded nothing). */
  untake(epc: string): void {
    this.bound.delete(epc);
  }
}
