/**
 * A small line for the operations tests, in process: a start station printing on the virtual
 * Zebra, an end station with a fake scanner, and the built-in MES receiver as upstream.
 */
import path from 'node:path';
import { mesReceiverFamily } from '../../../devices/mes-receiver';
import { zebraFamily } from '../../../devices/zebra/family';
import { Gateway } from '../../../src/gateway';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { fakeFamily } from '../../helpers/fake-devices';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { freePort } from '../../helpers/free-port';

export { TEST_TOKEN };

const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');

/** The extra YAML: ST10 prints, ST20 identifies by scanner, events go to a local receiver. */
export function lineYaml(mesPort: number): string {
  return `    workOrder: WO-55
    label: unit
    printer: zebra1
  - id: ST20
    kind: end
    identify: { scanner: scan20 }
scanners:
  scan20:
    connection: { type: simulator }
printers:
  zebra1:
    connection: { type: simulator }
labels:
  unit:
    template: ${TEMPLATE}
upstream:
  - name: mes
    type: http
    url: http://127.0.0.1:${mesPort}/linegate
    simulate: true
`;
}

/** A running gateway of that line and how to clean it up. */
export interface LineRig {
  gateway: Gateway;
  start(requestId?: string): Promise<{ serial: string; result: number }>;
  /** A scan on a fake scanner, resolved once the stations have handled it. */
  scan(scanner: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the line in a fresh temporary folder. */
export async function startLine(): Promise<LineRig> {
  const tmp = tempDir('linegate-ops-');
  const config = gatewayConfig(tmp.dir, lineYaml(await freePort()));
  const fakes = fakeFamily();
  const gateway = new Gateway({
    config,
    log: silentLog,
    families: [zebraFamily, mesReceiverFamily, fakes],
  });
  try {
    await gateway.start();
  } catch (err) {
    await gateway.stop(1000);
    tmp.cleanup();
    throw err;
  }
  return {
    gateway,
    async start(requestId) {
      const res = await fetch(`${gateway.url}/api/stations/ST10/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestId ? { requestId } : {}),
      });
      return (await res.json()) as { serial: string; result: number };
    },
    async scan(scanner, text) {
      fakes.scanners_.get(scanner)!.scan(text);
      await Promise.all([...gateway.stations!.lineStations.values()].map((s) => s.idle()));
    },
    async close() {
      await gateway.stop();
      tmp.cleanup();
    },
  };
}
