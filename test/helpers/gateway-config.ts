import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigText } from '../../src/config/load';
import { formatProblem } from '../../src/config/problems';
import type { Config } from '../../src/config/schema';
import { deviceFamilies } from '../../devices';

export const TEST_TOKEN = 'test-token-0123456789';

/** The YAML of a small gateway in `dir`: one API-triggered start station, API on `port` (0: a free one). */
export function gatewayYaml(dir: string, extra = '', extraSchemes = '', port = 0): string {
  return `gateway:
  id: gw-test
  dataDir: ${path.join(dir, 'data')}
  timeZone: UTC
logging:
  level: warn
api:
  listen: 127.0.0.1:${port}
  token: ${TEST_TOKEN}
serials:
  unit:
    format: "{YY}{seq:7}{check:gs1}"
${extraSchemes}stations:
  - id: ST10
    kind: start
    partNumber: PN-100
    serial: unit
${extra}`;
}

/** Writes the YAML to dir/linegate.yaml and returns its path. */
export function writeGatewayConfig(dir: string, extra = ''): string {
  const file = path.join(dir, 'linegate.yaml');
  writeFileSync(file, gatewayYaml(dir, extra));
  return file;
}

/** The parsed config (throws on problems). */
export function gatewayConfig(dir: string, extra = '', extraSchemes = ''): Config {
  const { config, problems } = loadConfigText(
    gatewayYaml(dir, extra, extraSchemes),
    path.join(dir, 'linegate.yaml'),
    deviceFamilies,
    {},
  );
  if (!config) throw new Error(problems.map(formatProblem).join('\n'));
  return config;
}
