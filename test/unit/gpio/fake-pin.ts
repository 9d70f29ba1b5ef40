/**
 * A GpioPin/GpioBackend fake for unit tests: edges are injected with `edge(level)`, writes recorded.
 */
import sinon from 'sinon';
import pino from 'pino';
import { systemClock, type DeviceContext, type StartOutcome, type StartPort } from '../../../src/ports';
import type { GpioBackend, GpioPin, Level } from '../../../devices/gpio';

/** A pin whose edges the test drives. */
export class FakePin implements GpioPin {
  level: Level = 0;
  readonly writes: Level[] = [];
  closed = false;
  private listeners = new Set<(level: Level) => void>();

  /** the line changes to `level` (reported as an edge). */
  edge(level: Level): void {
    this.level = level;
    for (const l of [...this.listeners]) l(level);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  read = sinon.spy(async (): Promise<Level> => this.level);
  write = sinon.spy(async (level: Level): Promise<void> => {
    this.level = level;
    this.writes.push(level);
  });
  onEdge(listener: (level: Level) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close = sinon.spy(async (): Promise<void> => {
    this.closed = true;
  });
}

/** A backend handing out FakePins, remembering what was opened. */
export function fakeBackend(): GpioBackend & {
  pins: Map<number, FakePin>;
  opened: Array<{ line: number; kind: string; opts: unknown }>;
} {
  const pins = new Map<number, FakePin>();
  const opened: Array<{ line: number; kind: string; opts: unknown }> = [];
  const get = (line: number): FakePin => {
    const pin = pins.get(line) ?? new FakePin();
    pins.set(line, pin);
    return pin;
  };
  return {
    name: 'fake',
    pins,
    opened,
    async openInput(line, opts) {
      opened.push({ line, kind: 'in', opts });
      return get(line);
    },
    async openOutput(line, opts) {
      opened.push({ line, kind: 'out', opts });
      const pin = get(line);
      await pin.write(opts.initial);
      return pin;
    },
  };
}

/** A station whose start is a sinon stub answering serials S1, S2, …. */
export function fakeStation(): StartPort & { start: sinon.SinonStub } {
  let n = 0;
  return {
    stationId: 'ST10',
    start: sinon.stub().callsFake(async (): Promise<StartOutcome> => ({ result: 0, serial: `S${++n}` })),
    acknowledge: async () => undefined,
    recordOperation: async () => undefined,
  };
}

export function quietCtx(): DeviceContext {
  return { name: 'ST10', log: pino({ level: 'silent' }), clock: systemClock, dataDir: '/nonexistent' };
}
