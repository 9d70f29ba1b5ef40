/**
 * Test results for the built-in simulated PLC (the demo line's test station): the operation-data
 * nodes the config's stations read (`ns=1;s=<ID>.<Name>`), and new values after every completed
 * handshake, so the next unit tested gets its own result: one in seven fails, the measurements
 * vary within a plausible band.
 */
import type { PlcSimulator, PlcSimulatorOptions } from './simulator';

type OperationData = NonNullable<PlcSimulatorOptions['operationData']>;

/** The operation-data nodes a simulated PLC must expose for these stations' `operationData`. */
export function simulatedOperationData(
  stations: Array<{ id: string; operationData?: Record<string, string> }>,
): OperationData {
  const out: OperationData = {};
  for (const s of stations) {
    for (const [key, nodeId] of Object.entries(s.operationData ?? {})) {
      const name = new RegExp(`^ns=1;s=${s.id}\\.(\\w+)$`).exec(nodeId)?.[1];
      if (!name) continue;
      out[name] = key === 'result' ? { dataType: 'Boolean', value: true } : { dataType: 'Double', value: 0 };
    }
  }
  return out;
}

/** Sets fresh results after each handshake; returns the unsubscribe function. */
export function varyOperationData(sim: PlcSimulator, data: OperationData): () => void {
  let n = 0;
  const next = (station: string) => {
    n++;
    for (const [name, d] of Object.entries(data)) {
      if (d.dataType === 'Boolean') sim.setOperationData(station, name, n % 7 !== 3);
      else sim.setOperationData(station, name, Math.round((4 + ((n * 37) % 20) / 10) * 100) / 100);
    }
  };
  return sim.onHandshake((h) => next(h.station));
}
