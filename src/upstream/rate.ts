/**
 * A rate over a sliding window of fixed buckets: cheap to mark on every batch, and it forgets
 * old traffic, unlike a lifetime average.
 */
export class WindowRate {
  private readonly counts: number[];
  private readonly stamps: number[];

  constructor(
    private readonly bucketMs: number,
    buckets: number,
  ) {
    this.counts = new Array<number>(buckets).fill(0);
    this.stamps = new Array<number>(buckets).fill(-1);
  }

  /** Adds `n` at time `now` (ms). */
  mark(n: number, now: number): void {
    const b = Math.floor(now / this.bucketMs);
    const i = b % this.counts.length;
    if (this.stamps[i] !== b) {
      this.stamps[i] = b;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
  }

  /** Per second over the window ending at `now`. */
  perSecond(now: number): number {
    const b = Math.floor(now / this.bucketMs);
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++)
      if (b - this.stamps[i] < this.counts.length) sum += this.counts[i];
    return sum / ((this.counts.length * this.bucketMs) / 1000);
  }
}
