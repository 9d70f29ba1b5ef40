/**
 * A serial scheme issuing numbers from its durable counters, or (`source: upstream`) from blocks
 * leased from the upstream authority. The counter (or the block's next number) for each rendered
 * prefix and the issued-serial index are written in the caller's transaction, together with the
 * unit and its event, so a serial and everything that records it become durable in one write.
 */
import type { SchemeConfig } from '../config/schema';
import { LinegateError } from '../errors';
import type { Clock, Logger } from '../ports';
import { Sublevels, joinKey } from '../store/layout';
import type { Tx } from '../store/journal';
import type { BlockSource } from './blocks';
import { dateParts } from './calendar';
import type { CompiledFormat, RenderContext } from './format';
import { UnitRecords } from '../units/records';

export interface IssuedSerial {
  serial: string;
  key: string;
  seq: number;
}

/** A capacity alarm: a counter key has used `percent` of its period. */
export interface CapacityAlarm {
  scheme: string;
  key: string;
  seq: number;
  capacity: number;
  percent: number;
}

export interface SchemeOptions {
  name: string;
  config: SchemeConfig;
  format: CompiledFormat;
  gatewayId: string;
  timeZone: string;
  clock: Clock;
  log: Logger;
  onAlarm?: (alarm: CapacityAlarm) => void;
  /** source: upstream: the leased blocks numbers come from (without it such a scheme cannot issue). */
  blocks?: BlockSource;
}

/** Blocks for the next period's key are requested this long before the period starts. */
export const BLOCK_LOOKAHEAD_MS = 2 * 3_600_000;

/** Issues serials of one scheme; never the same serial twice. */
export class SerialScheme {
  private readonly alarmed = new Set<string>();
  /** the highest sequence seen per counter key, for the capacity metric. */
  readonly used = new Map<string, number>();

  constructor(private readonly opts: SchemeOptions) {}

  get name(): string {
    return this.opts.name;
  }

  get capacity(): number {
    return this.opts.format.capacity;
  }

  /**
   * Issues the next serial for `station` inside `tx`; the caller writes its SerialRecord in the
   * same transaction (that record is the issued-serial index). Skips any number whose serial the index
   * already holds (a clock moved back into an earlier period, an import, a restored counter),
   * and refuses with SERIAL_EXHAUSTED once the period's sequence is used up: it never wraps.
   */
  async issue(tx: Tx, station: string): Promise<IssuedSerial> {
    const { format, name, gatewayId, timeZone, clock } = this.opts;
    const now = clock.now();
    const ctx: RenderContext = { date: dateParts(now, timeZone), station, gateway: gatewayId };
    const key = format.key(ctx);
    if (this.opts.config.source === 'upstream') return this.issueFromBlocks(tx, ctx, key);
    const counterKey = joinKey(name, key);
    let seq = (await tx.get<number>(Sublevels.counters, counterKey)) ?? 0;
    for (;;) {
      seq += 1;
      if (seq > format.capacity) {
        throw new LinegateError(
          'SERIAL_EXHAUSTED',
          `scheme "${name}" has issued all ${format.capacity} numbers for "${key}"; it will not wrap`,
        );
      }
      const serial = format.render(ctx, seq);
      const existing = await UnitRecords.get(tx, serial);
      if (existing === undefined) {
        tx.put(Sublevels.counters, counterKey, seq);
        this.noteUse(key, seq);
        return { serial, key, seq };
      }
      this.opts.log.warn(
        { scheme: name, serial, key, seq, existing },
        'serial already issued; skipping that number',
      );
    }
  }

  /** Takes leased numbers until one renders a serial not yet issued (the index has the last word). */
  private async issueFromBlocks(tx: Tx, ctx: RenderContext, key: string): Promise<IssuedSerial> {
    const { format, name, timeZone, clock, blocks } = this.opts;
    if (!blocks)
      throw new LinegateError(
        'SERIAL_NO_BLOCK',
        `scheme "${name}" takes numbers from upstream blocks, but none is set up`,
      );
    const ahead = format.key({ ...ctx, date: dateParts(clock.now() + BLOCK_LOOKAHEAD_MS, timeZone) });
    if (ahead !== key) blocks.want(ahead);
    // The last number taken, kept like a local counter so the store's high-water mark covers it:
    // a lease state that went back (a damaged store) cannot hand out a number again.
    const counterKey = joinKey(name, key);
    const last = (await tx.get<number>(Sublevels.counters, counterKey)) ?? 0;
    let below = 0;
    for (;;) {
      const seq = await blocks.take(tx, key);
      if (seq > format.capacity)
        throw new LinegateError(
          'SERIAL_EXHAUSTED',
          `leased number ${seq} exceeds the format's capacity ${format.capacity}`,
        );
      if (seq <= last) {
        below++;
        continue;
      }
      if (below > 0)
        this.opts.log.warn(
          { scheme: name, key, last, skipped: below },
          'leased numbers at or below the last taken skipped',
        );
      const serial = format.render(ctx, seq);
      if ((await UnitRecords.get(tx, serial)) === undefined) {
        tx.put(Sublevels.counters, counterKey, seq);
        this.noteUse(key, seq);
        return { serial, key, seq };
      }
      this.opts.log.warn({ scheme: name, serial, key, seq }, 'leased number already issued; skipping it');
    }
  }

  private noteUse(key: string, seq: number): void {
    this.used.set(key, seq);
    const { capacity } = this.opts.format;
    const percent = this.opts.config.alarmPercent;
    if (seq * 100 < capacity * percent || this.alarmed.has(key)) return;
    this.alarmed.add(key);
    const alarm: CapacityAlarm = { scheme: this.opts.name, key, seq, capacity, percent };
    this.opts.log.warn(alarm, `serial capacity alarm: ${percent}% of "${key}" used`);
    this.opts.onAlarm?.(alarm);
  }
}
