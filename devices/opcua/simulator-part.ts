/**
 * A built-in simulated PLC as a part of the gateway. node-opcua (about a second to load) and the
 * server are created in start(), so a gateway's API answers before the simulated PLC is up.
 */
import type { DeviceContext, DeviceHealth } from '../../src/ports';
import type { NamedPart } from '../../src/ports/devices';
import type { PlcSimulator, PlcSimulatorOptions } from './simulator';

export class SimulatorPart implements NamedPart {
  readonly kind = 'simulator';
  private sim: PlcSimulator | undefined;

  constructor(
    readonly name: string,
    private readonly options: PlcSimulatorOptions,
    private readonly trustFor: { dataDir: string; secure: boolean },
    private readonly ctx: DeviceContext,
    /** percent of operations reported failed in each station's `Passed` node (demo), 0 none. */
    private readonly failPercent = 0,
  ) {}

  async start(): Promise<void> {
    if (this.sim) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (node-opcua takes about a second)
    const { PlcSimulator: Simulator } = require('./simulator') as typeof import('./simulator');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, as above
    const { trustOpcuaCertificateDer } = require('./pki') as typeof import('./pki');
    const sim = new Simulator({ ...this.options, log: this.ctx.log });
    await sim.start();
    this.sim = sim;
    if (this.failPercent > 0) {
      // The result the PLC reports for its next operation at that station, drawn after each handshake.
      const draw = () => Math.random() * 100 >= this.failPercent;
      for (const station of this.options.stations) sim.setOperationData(station, 'Passed', draw());
      sim.onHandshake((h) => sim.setOperationData(h.station, 'Passed', draw()));
    }
    // the gateway's own simulator needs no operator decision: trust its certificate for secure modes.
    if (this.trustFor.secure) await trustOpcuaCertificateDer(this.trustFor.dataDir, sim.certificate().der);
  }

  async stop(): Promise<void> {
    const sim = this.sim;
    this.sim = undefined;
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
