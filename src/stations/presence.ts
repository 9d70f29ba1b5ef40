/**
 * What was at a station when: a short history of presence segments, each from the moment it
 * began (a carrier's first read, a scanned unit serial, a departure) until the next. A scan is
 * consumed into the unit of the segment in force when its first byte arrived, so a scan that is
 * processed late (its store write queued behind a lookup) still lands in the right unit, and one
 * timed before a departure still counts as present. Ties go to the later segment: a scan and a
 * carrier arrival at the same millisecond belong to the arriving carrier.
 */

/** One stretch of time at a station. */
export interface Presence {
  /** ms since the epoch when this began. */
  from: number;
  /** the carrier tag present, when identification is by tag. */
  epc?: string;
  /** the unit identified, if any. */
  unit?: string;
  /** why no unit is identified (with no unit), for refusals: "carrier E2… is bound to no unit". */
  reason: string;
}

/** How long segments are kept to time late scans against (ms). */
const KEEP_MS = 60_000;

/** The presence history of one station. */
export class PresenceTimeline {
  private segments: Presence[] = [];

  constructor(private readonly startedAt: number) {}

  /** The segment in force at `time`; before the first one: nothing identified since the start. */
  at(time: number): Presence {
    const i = this.indexAt(time);
    if (i >= 0) return this.segments[i];
    return { from: this.startedAt, reason: 'nothing was identified here since the gateway started' };
  }

  /** The segment in force now (the latest). */
  get current(): Presence | undefined {
    return this.segments[this.segments.length - 1];
  }

  /** Inserts a segment at its time (after any that began at the same time); forgets old ones. */
  add(segment: Presence): void {
    const i = this.indexAt(segment.from) + 1;
    this.segments.splice(i, 0, segment);
    const last = this.segments[this.segments.length - 1].from;
    const keepFrom = this.segments.findIndex((s) => s.from >= last - KEEP_MS);
    if (keepFrom > 1) this.segments = this.segments.slice(keepFrom - 1);
  }

  /** Ends the tag's presence at `time`, if that tag is what was present then (not replaced by another). */
  depart(epc: string, time: number, reason: string): boolean {
    const i = this.indexAt(time);
    if (i < 0 || this.segments[i].epc !== epc) return false;
    this.add({ from: time, reason });
    return true;
  }

  /** Index of the last segment with from <= time, or -1. */
  private indexAt(time: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid].from <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
