/** Plain-object parts for the operations unit tests. */
import { EventEmitter } from 'node:events';
import type { GatewayEvent } from '../../../src/events/event';
import type { DeviceHealth, PrinterStatus } from '../../../src/ports';
import type { DevicePart, OutboxFigures } from '../../../src/ops/types';

/** A device whose health (and printer status) a test sets. */
export class FakePart implements DevicePart {
  healthNow: DeviceHealth = { ok: true, state: 'connected' };
  printer: PrinterStatus | undefined;

  constructor(readonly name: string) {}

  health(): DeviceHealth {
    return this.healthNow;
  }
}

/** A printer part (has status()). */
export class FakePrinterPart extends FakePart {
  status(): PrinterStatus | undefined {
    return this.printer;
  }
}

/** An outbox whose figures a test sets. */
export class FakeOutbox {
  figures: OutboxFigures = { depth: 0, oldestAgeMs: 0, sent: 0, failed: 0, deadLettered: 0 };
  sinkHealth: Record<string, { ok: boolean; state: string }> = {
    'upstream:mes': { ok: true, state: 'up to date' },
  };

  stats(): OutboxFigures {
    return this.figures;
  }

  health(): Record<string, { ok: boolean; state: string }> {
    return this.sinkHealth;
  }
}

/** A journal that commits what a test tells it to. */
export class FakeJournal extends EventEmitter<{ committed: [GatewayEvent[]] }> {
  private seq = 0;

  commit(...inputs: Array<Partial<GatewayEvent> & Pick<GatewayEvent, 'type'>>): GatewayEvent[] {
    const events = inputs.map((e) => ({
      id: `id-${++this.seq}`,
      seq: this.seq,
      gatewayId: 'gw-test',
      time: new Date(1_700_000_000_000 + this.seq * 1000).toISOString(),
      data: {},
      ...e,
    }));
    this.emit('committed', events);
    return events;
  }
}

/** A clock a test moves by hand. */
export function manualClock(start = 1_700_000_000_000): { now(): number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}
