/**
 * Config mistakes that used to crash with exit 1 (systemd restart-loops it), pass check-config
 * and then crash run, or hang: each must now exit 78 from both commands. Plus one API input that
 * answered 500: operation parameters nested deeper than can be stored.
 */
import path from 'node:path';
import { gatewayYaml } from '../../helpers/gateway-config';
import { badConfigCase, folder, replaced, withExtra } from '../bad-config';
import { deepParametersCase } from '../deep-parameters';
import type { Fault } from '../fault';

const aliasBomb = (() => {
  let yaml = 'x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
  for (let i = 1; i < 10; i++)
    yaml += `x${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return yaml;
})();

const cases: Array<
  [name: string, quick: boolean, injected: string, bad: Parameters<typeof badConfigCase>[1]]
> = [
  [
    'config.template-is-directory',
    true,
    'a label template path that is a directory',
    { content: (dir) => gatewayYaml(dir) + `labels:\n  unit:\n    template: ${folder(dir, 'tpl')}\n` },
  ],
  ['config.alias-bomb', false, 'a YAML alias bomb (9^10 values)', { content: withExtra(aliasBomb) }],
  [
    'config.reader-regex',
    true,
    'an invalid reader regex',
    {
      content: withExtra(
        'readers:\n  r1:\n    connection: { type: simulator }\n    pattern: "(?<epc>[0-9"\n',
      ),
    },
  ],
  [
    'config.reader-regex-and-sim-option',
    false,
    'an invalid reader regex plus an unknown simulator option',
    {
      content: withExtra(
        'readers:\n  r1:\n    connection: { type: simulator, options: { colour: red } }\n    pattern: "(?<epc>[0-9"\n',
      ),
    },
  ],
  [
    'config.llrp-port-0',
    false,
    'an LLRP reader on port 0 without simulate',
    { content: withExtra('readers:\n  r1: { connection: { type: llrp, host: 127.0.0.1, port: 0 } }\n') },
  ],
  [
    'config.url-no-host',
    false,
    'upstream url: "http://"',
    { content: withExtra('upstream:\n  - name: mes\n    type: http\n    url: "http://"\n') },
  ],
  [
    'config.listen-unresolvable',
    false,
    'an api.listen host that does not resolve',
    { content: replaced('127.0.0.1:0', 'no-such-host.invalid:8080') },
  ],
  [
    'config.log-level-verbose',
    true,
    'LINEGATE_LOG_LEVEL=verbose',
    { content: withExtra(''), env: { LINEGATE_LOG_LEVEL: 'verbose' } },
  ],
  [
    'config.not-utf8',
    false,
    'a Latin-1 byte in the file',
    { content: (dir) => Buffer.from(gatewayYaml(dir).replace('PN-100', 'PN-\xe9'), 'latin1') },
  ],
  ['config.nul-byte', false, 'a NUL byte in a value', { content: replaced('PN-100', 'PN\x00100') }],
  ['config.unknown-tag', false, 'an unknown YAML tag', { content: replaced('PN-100', '!part PN-100') }],
  [
    'config.data-dir-proc',
    false,
    'gateway.dataDir under /proc',
    { content: (dir) => gatewayYaml(dir).replace(path.join(dir, 'data'), '/proc/linegate-data') },
  ],
  [
    'config.10-mb',
    false,
    'a 10 MB config file',
    { content: (dir) => gatewayYaml(dir) + `k: "${'x'.repeat(10 * 1024 * 1024)}"\n` },
  ],
  [
    'config.20000-unknown-keys',
    false,
    '20,000 unknown keys',
    { content: withExtra(Array.from({ length: 20000 }, (_, i) => `k${i}: 1\n`).join('')) },
  ],
  [
    'config.duplicate-device-names',
    false,
    'one name for a reader and a scanner',
    {
      content: withExtra(
        'readers:\n  dev1:\n    connection: { type: simulator }\nscanners:\n  dev1:\n    connection: { type: simulator }\n',
      ),
    },
  ],
  [
    'config.duplicate-key',
    false,
    'a section written twice',
    { content: withExtra('api:\n  token: abcdefghijk\n') },
  ],
];

export const faults: Fault[] = [
  ...cases.map(([name, quick, injected, bad]): Fault => ({
    name,
    quick,
    run: () => badConfigCase(injected, bad),
  })),
  { name: 'api.parameters-deeply-nested', quick: false, run: deepParametersCase },
];
