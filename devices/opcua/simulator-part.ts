/**
 * A built-in simulated PLC as a part of the gateway. node-opcua (about a second to load) and the
 * server are created in start(), so a gateway's API answers before the simulated PLC is up.
 */
import type { DeviceContext, DeviceHealth } from '../../src/ports';
import type { NamedPart } from '../../src/ports/devices';
import type { PlcSimulator, PlcSimulatorOptions } from './simulator';
import { varyOperationData } from './simulator-test-data';

export class SimulatorPart implements NamedPart {
  readonly kind = 'simulator';
  private sim: PlcSimulator | undefined;
  private unvary: (() => void) | undefined;

  constructor(
    readonly name: string,
    private readonly options: PlcSimulatorOptions,
    private readonly trustFor: { dataDir: string; secure: boolean },
    private readonly ctx: DeviceContext,
  ) {}

  /** The running simulated PLC (tests and commissioning tools drive its requests), else undefined. */
  get simulator(): PlcSimulator | undefined {
    return this.sim;
  }

  async start(): Promise<void> {
    if (this.sim) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (node-opcua takes about a second)
    const { PlcSimulator: Simulator } = require('./simulator') as typeof import('./simulator');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, as above
    const { trustOpcuaCertificateDer } = require('./pki') as typeof import('./pki');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, as above
    const { routeOpcuaLibraryLogs } = require('./library-logs') as typeof import('./library-logs');
    routeOpcuaLibraryLogs(this.ctx.log); // the server's own console warnings (W27 …) go to debug
    const sim = new Simulator({ ...this.options, log: this.ctx.log });
    await sim.start();
    this.sim = sim;
    this.unvary = varyOperationData(sim, this.options.operationData ?? {});
    // the gateway's own simulator needs no operator decision: trust its certificate for secure modes.
    if (this.trustFor.secure) await trustOpcuaCertificateDer(this.trustFor.dataDir, sim.certificate().der);
  }

  async stop(): Promise<void> {
    const sim = this.sim;
    this.sim = undefined;
    this.unvary?.();
    this.unvary = undefined;
    await sim?.stop();
  }

  health(): DeviceHealth {
    const sim = this.sim;
    return {
      ok: sim !== undefined,
      state: sim ? `simulating at ${sim.endpointUrl}` : 'stopped',
      detail: { handshakes: sim?.handshakes.length ?? 0 },
    };
  }
}
