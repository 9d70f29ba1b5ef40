/**
 * A start trigger on a GPIO input edge (a photo-eye): the level must stay unchanged for
 * `debounceMs` before it counts, so bounces and spikes shorter than that are ignored. Each counted
 * edge runs one start cycle; edges during a cycle queue up (one unit each), up to a bound.
 */
import type { GpioTriggerConfig } from './config';
import type { DeviceContext, DeviceHealth, StartPort, Trigger } from '../../src/ports';
import type { GpioBackend, GpioPin, Level } from './pin';

export type { GpioTriggerConfig } from './config';

/** What a GPIO trigger needs. */
export interface GpioTriggerDeps {
  station: StartPort;
  ctx: DeviceContext;
  backend: GpioBackend;
  /** the sensor is active low (proposed config key `activeLow`). Default false. */
  activeLow?: boolean;
  /** counted edges waiting for a cycle beyond this are dropped (and logged). Default 8. */
  maxQueued?: number;
}

/** Edge trigger of one station; see the module comment. */
export class GpioTrigger implements Trigger {
  readonly kind = 'trigger';
  private pin: GpioPin | undefined;
  private offEdge: (() => void) | undefined;
  private stable: Level = 0;
  private latest: Level = 0;
  private settleTimer: NodeJS.Timeout | undefined;
  private queued = 0;
  private running: Promise<void> | undefined;
  private counts = { edges: 0, starts: 0, dropped: 0, failed: 0 };
  private lastError = '';

  constructor(
    private readonly cfg: GpioTriggerConfig,
    private readonly deps: GpioTriggerDeps,
  ) {}

  /** the station id. */
  get name(): string {
    return this.deps.ctx.name;
  }

  /** Opens the input line and starts watching it. */
  async start(): Promise<void> {
    if (this.pin) return;
    const pin = await this.deps.backend.openInput(this.cfg.pin, {
      edge: 'both',
      activeLow: this.deps.activeLow,
    });
    this.pin = pin;
    this.stable = this.latest = await pin.read();
    this.offEdge = pin.onEdge((level) => this.onEdge(level));
    this.deps.ctx.log.info(
      {
        line: this.cfg.pin,
        edge: this.cfg.edge,
        debounceMs: this.cfg.debounceMs,
        backend: this.deps.backend.name,
      },
      'GPIO trigger started',
    );
  }

  /** Stops watching, drops queued edges, waits for a cycle in flight, releases the line. */
  async stop(): Promise<void> {
    const pin = this.pin;
    if (!pin) return;
    this.pin = undefined;
    this.offEdge?.();
    this.offEdge = undefined;
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.queued = 0;
    await this.running;
    await pin.close();
  }

  /** Trigger state and counters. */
  health(): DeviceHealth {
    const detail = {
      ...this.counts,
      queued: this.queued,
      level: this.stable,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
    if (!this.pin) return { ok: false, state: 'stopped', detail };
    return { ok: true, state: this.running ? 'cycle running' : 'watching', detail };
  }

  private onEdge(level: Level): void {
    this.latest = level;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settled(), this.cfg.debounceMs);
  }

  private settled(): void {
    this.settleTimer = undefined;
    const level = this.latest;
    if (level === this.stable) return; // a spike that came back within the debounce time
    this.stable = level;
    if ((level === 1) !== (this.cfg.edge === 'rising')) return;
    this.counts.edges += 1;
    if (this.queued >= (this.deps.maxQueued ?? 8)) {
      this.counts.dropped += 1;
      this.deps.ctx.log.error({ queued: this.queued }, 'GPIO edge dropped: too many cycles waiting');
      return;
    }
    this.queued += 1;
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queued > 0 && this.pin) {
      this.queued -= 1;
      const outcome = await this.deps.station.start({ source: 'gpio' });
      if (outcome.result === 0) {
        this.counts.starts += 1;
        this.lastError = '';
      } else {
        this.counts.failed += 1;
        this.lastError = outcome.error ?? `result ${outcome.result}`;
        this.deps.ctx.log.warn(
          { result: outcome.result, code: outcome.code, error: outcome.error },
          'GPIO-triggered cycle failed',
        );
      }
    }
    this.running = undefined;
  }
}
