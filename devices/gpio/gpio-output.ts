/**
 * GPIO outputs: a lamp or relay that is switched or pulsed, and lamps that show the outcome of each
 * start cycle (OK pulse, fault lamp held until the next good cycle).
 */
import type { DeviceContext, Lifecycle, StartOutcome, StartPort, StartRequest } from '../../src/ports';
import type { GpioBackend, GpioPin } from './pin';

/** One output line. */
export interface GpioOutputOptions {
  backend: GpioBackend;
  line: number;
  activeLow?: boolean;
  ctx: DeviceContext;
}

/** A switched or pulsed output; off after start() and after stop(). */
export class GpioOutput implements Lifecycle {
  private pin: GpioPin | undefined;
  private pulseTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: GpioOutputOptions) {}

  /** Requests the line, driven off. */
  async start(): Promise<void> {
    if (this.pin) return;
    this.pin = await this.opts.backend.openOutput(this.opts.line, {
      initial: 0,
      activeLow: this.opts.activeLow,
    });
  }

  /** Switches off, removes the pulse timer, releases the line. */
  async stop(): Promise<void> {
    const pin = this.pin;
    if (!pin) return;
    this.pin = undefined;
    clearTimeout(this.pulseTimer);
    this.pulseTimer = undefined;
    await pin.write(0).catch(() => undefined);
    await pin.close();
  }

  /** Switches on or off (cancelling a pulse in progress). */
  async set(on: boolean): Promise<void> {
    clearTimeout(this.pulseTimer);
    this.pulseTimer = undefined;
    await this.pin?.write(on ? 1 : 0);
  }

  /** On now, off after `ms`; a new pulse restarts the time. */
  async pulse(ms: number): Promise<void> {
    const pin = this.pin;
    if (!pin) return;
    clearTimeout(this.pulseTimer);
    await pin.write(1);
    this.pulseTimer = setTimeout(() => {
      this.pulseTimer = undefined;
      pin
        .write(0)
        .catch((err: unknown) =>
          this.opts.ctx.log.warn({ line: this.opts.line, err: String(err) }, 'GPIO pulse end failed'),
        );
    }, ms);
  }
}

/** Lamps showing each cycle's outcome. */
export interface OutcomeLamps {
  ok?: GpioOutput;
  fault?: GpioOutput;
  /** OK pulse length, ms. Default 500. */
  okPulseMs?: number;
}

/** Wraps a station so every start pulses the OK lamp or lights the fault lamp. Lamp faults never fail a cycle. */
export function withOutcomeLamps(station: StartPort, lamps: OutcomeLamps, ctx: DeviceContext): StartPort {
  const show = async (outcome: StartOutcome): Promise<void> => {
    if (outcome.result === 0) {
      await lamps.fault?.set(false);
      await lamps.ok?.pulse(lamps.okPulseMs ?? 500);
    } else {
      await lamps.fault?.set(true);
    }
  };
  return {
    stationId: station.stationId,
    async start(request: StartRequest): Promise<StartOutcome> {
      const outcome = await station.start(request);
      await show(outcome).catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'outcome lamp failed'));
      return outcome;
    },
    acknowledge: (serial) => station.acknowledge(serial),
    recordOperation: (serial, result, parameters) => station.recordOperation(serial, result, parameters),
  };
}
