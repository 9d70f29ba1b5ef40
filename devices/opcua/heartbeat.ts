/**
 * A heartbeat the PLC can watch: the gateway increments an Int16 node once a second while the PLC
 * session is up (wrapping 32767 → 0), so the PLC program can tell a live gateway from a dead one.
 */
import { DataType } from 'node-opcua';
import type { DeviceContext, DeviceHealth, Lifecycle } from '../../src/ports';
import { errorText } from './errors';
import type { PlcConnection, PlcIo } from './plc-connection';

/** What one heartbeat needs. */
export interface HeartbeatOptions {
  connection: PlcConnection;
  /** an Int16 node the gateway may write. */
  node: string;
  /** ms between increments. Default 1000. */
  everyMs?: number;
  ctx: DeviceContext;
}

/** Increments the heartbeat node while the PLC is connected. */
export class Heartbeat implements Lifecycle {
  readonly kind = 'heartbeat';
  private timer: NodeJS.Timeout | undefined;
  private io: PlcIo | undefined;
  private counter = 0;
  private writing = false;
  private failures = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly opts: HeartbeatOptions) {}

  get name(): string {
    return this.opts.ctx.name;
  }

  /** Beating while the PLC session is up; a failing write is reported. */
  health(): DeviceHealth {
    if (this.failures > 0) return { ok: false, state: `heartbeat writes failing (${this.failures})` };
    return { ok: true, state: this.io ? `beating (${this.counter})` : 'waiting for the PLC session' };
  }

  /** Starts beating (writes begin once the session is up). */
  async start(): Promise<void> {
    if (this.timer) return;
    this.unsubscribe = this.opts.connection.onSession({
      up: (io) => {
        this.io = io;
      },
      down: () => {
        this.io = undefined;
      },
    });
    this.timer = setInterval(() => void this.beat(), this.opts.everyMs ?? 1000);
  }

  /** Stops beating; removes its timer and listener. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.io = undefined;
  }

  private async beat(): Promise<void> {
    const io = this.io;
    if (!io || this.writing) return;
    this.writing = true;
    const next = this.counter >= 32767 ? 0 : this.counter + 1;
    try {
      await io.write(this.opts.node, DataType.Int16, next);
      this.counter = next;
      this.failures = 0;
    } catch (err) {
      // log the first failure of a series only: a missing node would otherwise log every second.
      if (this.failures++ === 0)
        this.opts.ctx.log.warn({ node: this.opts.node, err: errorText(err) }, 'heartbeat write failed');
    } finally {
      this.writing = false;
    }
  }
}
