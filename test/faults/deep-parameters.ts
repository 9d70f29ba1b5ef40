/**
 * Operation parameters nested 10,000 levels deep (60 kB, under the API's body limit) to a real
 * gateway: a clear 400 is the truth; a 500 (the store could not serialise them) counts as false.
 */
import { startGateway } from '../helpers/gateway-process';
import { TEST_TOKEN, writeGatewayConfig } from '../helpers/gateway-config';
import { tempDir } from '../helpers/tmp';
import type { FaultOutcome } from './fault';

const DEPTH = 10_000;

const TEST_STATION = `  - id: ST35
    kind: test
    identify: { reader: rfid35 }
readers:
  rfid35: { connection: { type: simulator } }
`;

/** Starts a unit, then records an operation for it with the deep parameters. */
export async function deepParametersCase(): Promise<FaultOutcome> {
  const tmp = tempDir('linegate-fault-params-');
  const gw = await startGateway(writeGatewayConfig(tmp.dir, TEST_STATION), {}, 90_000);
  try {
    const post = async (url: string, body: string) => {
      const res = await fetch(`${gw.url}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const start = await post('/api/stations/ST10/start', '{}');
    const deep = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
    const body = `{"result":"pass","serial":${JSON.stringify(start.body.serial)},"parameters":${deep}}`;
    const answer = await post('/api/stations/ST35/operations', body);
    return {
      injected: `operation parameters nested ${DEPTH} levels deep`,
      answered: `${answer.status} ${JSON.stringify(answer.body).slice(0, 100)}`,
      false: { otherFalse: answer.status >= 500 ? 1 : 0 },
    };
  } finally {
    gw.child.kill('SIGTERM');
    await gw.exited;
    tmp.cleanup();
  }
}
