/**
 * The carrier a start station binds: the tag its reader saw most recently within the window
 * before the start. Each read binds at most one unit, so a second start with no new carrier in
 * front of the reader answers "not ready" instead of stealing the first unit's carrier.
 */
import type { TagRead, TagReader } from '../ports';

export class CarrierWindow {
  private latest: TagRead | undefined;
  private readonly onTag = (read: TagRead) => (this.latest = read);

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

  /** Takes the latest read if it is within the window before `now`; undefined otherwise. */
  take(now: number): string | undefined {
    const read = this.latest;
    if (!read || now - read.time > this.windowMs || read.time > now + 1000) return undefined;
    this.latest = undefined;
    return read.epc;
  }

  /** Puts a taken read back (the start it was taken for recorded nothing). */
  untake(epc: string, time: number): void {
    if (!this.latest) this.latest = { epc, time };
  }
}
