/**
 * The PLC program of the simulator, one per station: raise request, wait for ack, take serial and
 * result, drop request, wait for ack to fall. It runs whether or not the OPC UA server is up, like a
 * real PLC whose OPC UA server restarts.
 */
import { performance } from 'node:perf_hooks';

/** The four handshake values of one station. */
export interface SimStationValues {
  request: boolean;
  ack: boolean;
  serial: string;
  result: number;
}

/** One handshake the simulated PLC completed. Times are `performance.now()` ms. */
export interface CompletedHandshake {
  station: string;
  serial: string;
  result: number;
  requestedAt: number;
  /** when the PLC saw ack rise. */
  ackAt: number;
  /** when the PLC saw ack fall after it dropped request. */
  completedAt: number;
}

/** How a station program changes node values (the server's part). */
export interface ProgramOutputs {
  setRequest(value: boolean): void;
  onHandshake(handshake: CompletedHandshake): void;
}

/** The simulated program of one station. */
export class StationProgram {
  private requestedAt = 0;
  private taken: { serial: string; result: number; ackAt: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly station: string,
    readonly values: SimStationValues,
    private readonly out: ProgramOutputs,
    private readonly autoCycleMs: number | undefined,
  ) {}

  /** Starts auto-cycling (when configured) from the current values. */
  begin(): void {
    this.stopped = false;
    if (this.autoCycleMs !== undefined && !this.values.request && !this.values.ack && !this.timer) {
      this.schedule();
    }
  }

  /** Stops auto-cycling and removes its timer. */
  end(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The PLC raises request (a new part is there). */
  raise(): void {
    if (this.values.request) return;
    this.requestedAt = performance.now();
    this.taken = undefined;
    this.values.request = true;
    this.out.setRequest(true);
  }

  /** The PLC drops request without waiting (withdrawn, or a test's fault injection). */
  drop(): void {
    if (!this.values.request) return;
    this.values.request = false;
    this.out.setRequest(false);
  }

  /** A client wrote a value; the program reacts to ack edges as a PLC scan would. */
  written(node: 'Ack' | 'Serial' | 'Result', value: unknown): void {
    if (node === 'Serial' && typeof value === 'string') this.values.serial = value;
    if (node === 'Result' && typeof value === 'number') this.values.result = value;
    if (node !== 'Ack' || typeof value !== 'boolean' || value === this.values.ack) return;
    this.values.ack = value;
    if (value && this.values.request) {
      this.taken = { serial: this.values.serial, result: this.values.result, ackAt: performance.now() };
      this.drop();
    } else if (!value && !this.values.request && this.taken) {
      const { serial, result, ackAt } = this.taken;
      this.taken = undefined;
      this.out.onHandshake({
        station: this.station,
        serial,
        result,
        requestedAt: this.requestedAt,
        ackAt,
        completedAt: performance.now(),
      });
      if (this.autoCycleMs !== undefined && !this.stopped) this.schedule();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.raise();
    }, this.autoCycleMs);
  }
}
