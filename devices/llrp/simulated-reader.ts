/**
 * An LLRP reader on the built-in simulator (`connection: { type: llrp, simulate: {...} }`): the
 * simulated reader listens on the configured host and port (0: any free port) and the ordinary
 * LLRP driver connects to it, so the demo runs the same code as a real reader. `simulator` gives
 * tests and the demo control over tags and faults.
 */
import type { DeviceHealth } from '../../src/ports';
import { LlrpTagReader, type LlrpTagReaderOptions } from './reader';
import { LlrpReaderSimulator, type LlrpSimulatorOptions } from './simulator';

/** The driver's options without the port (the simulator's), plus the simulator's. */
export interface SimulatedLlrpReaderOptions extends Omit<LlrpTagReaderOptions, 'port'> {
  simulator: LlrpSimulatorOptions;
}

/** An LLRP TagReader backed by an in-process simulated reader. */
export class SimulatedLlrpReader extends LlrpTagReader {
  private readonly sim: LlrpReaderSimulator;

  constructor(options: SimulatedLlrpReaderOptions) {
    const sim = new LlrpReaderSimulator({ host: options.host, ...options.simulator });
    super({ ...options, port: () => sim.port });
    this.sim = sim;
  }

  /** The simulated reader (tags, faults, what it received). */
  get simulator(): LlrpReaderSimulator {
    return this.sim;
  }

  /** Starts the simulated reader, then the driver. Idempotent. */
  override async start(): Promise<void> {
    await this.sim.start();
    await super.start();
  }

  /** Stops the driver (it says goodbye), then the simulated reader. Idempotent. */
  override async stop(): Promise<void> {
    await super.stop();
    await this.sim.stop();
  }

  override health(): DeviceHealth {
    const h = super.health();
    return { ...h, detail: { ...h.detail, simulated: true } };
  }
}
