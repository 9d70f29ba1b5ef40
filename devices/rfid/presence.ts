/**
 * Tag presence, for identification: a tag arrives on its first read (reported at once, with the
 * time its bytes arrived; no settle delay) and departs when it has not been read for `windowMs`
 * (reported then, timed at its last read + windowMs: present at t while t - last read < windowMs). Presence is per EPC whatever the antenna,
 * so a carrier seen by two antennas of one reader is one presence. The visit filter (dedup.ts)
 * still reports each visit's strongest read after its settle time; this path never waits for it.
 */
import { EventEmitter } from 'node:events';
import type { Clock, TagDeparture, TagRead } from '../../src/ports';
import type { RawTagRead } from './types';

/** Presence settings; times in ms. */
export interface PresenceOptions {
  /** a tag not read for this long has left (the reader's `dedupWindowMs`); at least 1. */
  windowMs: number;
  clock: Clock;
}

/** Events of the tracker. */
export interface PresenceEvents {
  arrive: [read: TagRead];
  depart: [gone: TagDeparture];
}

interface Present {
  epc: string;
  lastSeen: number;
  timer: NodeJS.Timeout | undefined;
}

/** Turns raw reads into arrivals and departures of tags. */
export class PresenceTracker extends EventEmitter<PresenceEvents> {
  private readonly tags = new Map<string, Present>();
  private readonly counters = { arrivals: 0, departures: 0 };

  constructor(private readonly options: PresenceOptions) {
    super();
  }

  /** Takes one raw read whose bytes arrived at `at` (ms since the epoch). */
  push(read: RawTagRead, at: number): void {
    const window = Math.max(1, this.options.windowMs);
    const tag = this.tags.get(read.epc);
    if (tag && at - tag.lastSeen < window) {
      tag.lastSeen = Math.max(tag.lastSeen, at);
      return;
    }
    // Not read for longer than the window: it left, even if the timer has not fired yet (a busy
    // event loop); the departure comes first, then the new arrival.
    if (tag) this.depart(tag);
    const fresh: Present = { epc: read.epc, lastSeen: at, timer: undefined };
    this.tags.set(read.epc, fresh);
    this.arm(fresh);
    this.counters.arrivals++;
    const arrival: TagRead = { epc: read.epc, time: at };
    if (read.rssi !== undefined) arrival.rssi = read.rssi;
    if (read.antenna !== undefined) arrival.antenna = read.antenna;
    this.emit('arrive', arrival);
  }

  /** Forgets every tag without reporting departures (the reader stopped) and clears every timer. Idempotent. */
  stop(): void {
    for (const t of this.tags.values()) if (t.timer) clearTimeout(t.timer);
    this.tags.clear();
  }

  /** Counters for health: arrivals, departures, tags present now. */
  stats(): { arrivals: number; departures: number; present: number } {
    return { ...this.counters, present: this.tags.size };
  }

  private arm(tag: Present): void {
    const due = tag.lastSeen + Math.max(1, this.options.windowMs) - this.options.clock.now();
    tag.timer = setTimeout(() => this.check(tag), Math.max(0, due));
  }

  private check(tag: Present): void {
    tag.timer = undefined;
    if (this.tags.get(tag.epc) !== tag) return;
    if (this.options.clock.now() - tag.lastSeen >= Math.max(1, this.options.windowMs)) this.depart(tag);
    else this.arm(tag); // read again since: look again when its window ends
  }

  private depart(tag: Present): void {
    if (tag.timer) clearTimeout(tag.timer);
    tag.timer = undefined;
    this.tags.delete(tag.epc);
    this.counters.departures++;
    const window = Math.max(1, this.options.windowMs);
    this.emit('depart', { epc: tag.epc, lastSeen: tag.lastSeen, time: tag.lastSeen + window });
  }
}
