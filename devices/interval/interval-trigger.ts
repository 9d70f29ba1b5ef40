/**
 * A simulated trigger: starts a unit at a station every `everyMs`, skipping a tick while a cycle
 * is still running. It is what the demo line uses in place of a PLC or a photo-eye.
 */
import type { DeviceContext, DeviceHealth, StartPort } from '../../src/ports';
import type { NamedPart } from '../../src/ports/devices';

export class IntervalTrigger implements NamedPart {
  readonly kind = 'trigger';
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private cycles = 0;
  private lastResult: number | undefined;

  constructor(
    private readonly station: StartPort,
    private readonly everyMs: number,
    private readonly ctx: DeviceContext,
  ) {}

  get name(): string {
    return this.ctx.name;
  }

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  health(): DeviceHealth {
    return {
      ok: this.timer !== undefined, // stopped, it starts nothing: not usable (as every trigger says)
      state: this.timer ? `every ${this.everyMs} ms` : 'stopped',
      detail: { cycles: this.cycles, lastResult: this.lastResult },
    };
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const outcome = await this.station.start({ source: 'interval' });
      this.cycles++;
      this.lastResult = outcome.result;
    } finally {
      this.busy = false;
    }
  }
}
