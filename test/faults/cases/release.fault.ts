/**
 * Process release faults: the gateway process is SIGKILLed the instant a hold's 201 answer has
 * arrived. A hold the gateway answered for that is not in force after the restart, or a unit it
 * covers that is allowed, is a false claim.
 */
import { startGateway } from '../../helpers/gateway-process';
import { TEST_TOKEN, writeGatewayConfig } from '../../helpers/gateway-config';
import { tempDir } from '../../helpers/tmp';
import type { Fault } from '../fault';

const TEST_STATION = `  - id: ST20
    kind: test
    identify: { scanner: scan20 }
scanners:  # absent: the scanner retries in the background; decisions need no device
  scan20: { connection: { type: serial, path: /dev/linegate-test-absent, baudRate: 9600 } }
`;

const holdKilled: Fault = {
  name: 'release.sigkill-after-hold-answer',
  quick: false, // two gateway starts; npm test runs the same in test/integration/crash/sigkill-hold.test.ts
  async run() {
    const tmp = tempDir('linegate-fault-');
    try {
      const config = writeGatewayConfig(tmp.dir, TEST_STATION);
      const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };
      let gw = await startGateway(config);
      const started = await fetch(`${gw.url}/api/stations/ST10/start`, { method: 'POST', headers });
      const { serial } = (await started.json()) as { serial: string };
      const res = await fetch(`${gw.url}/api/holds`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ serial, reason: 'fault case', by: 'faults' }),
      });
      gw.child.kill('SIGKILL');
      await gw.exited;
      const { id } = (await res.json()) as { id: string };
      gw = await startGateway(config);
      const { holds } = (await (await fetch(`${gw.url}/api/holds`)).json()) as {
        holds: Array<{ id: string }>;
      };
      const decision = (await (await fetch(`${gw.url}/api/units/${serial}/release?station=ST20`)).json()) as {
        allowed: boolean;
      };
      gw.child.kill('SIGTERM');
      await gw.exited;
      const lost = res.status === 201 && !holds.some((h) => h.id === id) ? 1 : 0;
      const allowed = res.status === 201 && decision.allowed ? 1 : 0;
      return {
        injected: 'SIGKILL the instant POST /api/holds answered',
        answered: `${res.status}; after restart ${holds.length} hold(s) in force, the unit ${decision.allowed ? 'allowed' : 'refused'}`,
        false: { otherFalse: lost + allowed },
      };
    } finally {
      tmp.cleanup();
    }
  },
};

export const faults: Fault[] = [holdKilled];
