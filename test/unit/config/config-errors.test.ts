import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { BASE_ENV, BASE_YAML } from './base-yaml';
import { deviceFamilies } from '../../../devices';

const env = BASE_ENV;

/** A valid config; each case replaces one line (1-based) or appends lines. */
const BASE = BASE_YAML;

function withLine(lineNo: number, text: string): string {
  const lines = BASE.split('\n');
  lines[lineNo - 1] = text;
  return lines.join('\n');
}

function problems(yaml: string, vars: Record<string, string> = env): string[] {
  return loadConfigText(yaml, 'line.yaml', deviceFamilies, vars).problems.map(formatProblem);
}

describe('config: every problem located exactly', () => {
  it('accepts the base config', () => {
    assert.deepEqual(problems(BASE), []);
  });

  const cases: Array<[string, string, string[]]> = [
    [
      'an unknown key, with a typo hint',
      withLine(3, '  dataDri: ./data'),
      [
        'line.yaml:2:3 gateway.dataDir: is required',
        'line.yaml:3:3 gateway.dataDri: unknown key (did you mean "dataDir"?)',
      ],
    ],
    [
      'an unset environment variable',
      withLine(6, '  token: ${NOPE}'),
      ['line.yaml:6:10 api.token: environment variable NOPE is not set'],
    ],
    [
      'a wrong type',
      withLine(13, '    partNumber: [PN-100]'),
      ['line.yaml:13:17 stations[0].partNumber: must be a string'],
    ],
    [
      'a bad enum value',
      BASE + `plcs:\n  plc1:\n    endpoint: opc.tcp://plc:4840\n    securityMode: Encrypt\n`,
      ['line.yaml:18:19 plcs.plc1.securityMode: must be one of: None, Sign, SignAndEncrypt'],
    ],
    [
      'an unknown station kind',
      withLine(12, '    kind: begin'),
      ['line.yaml:12:11 stations[0].kind: must be one of: start, assembly, test, end'],
    ],
    ['a missing required key', withLine(14, ''), ['line.yaml:11:5 stations[0].serial: is required']],
    [
      'a scheme that does not exist',
      withLine(14, '    serial: unitt'),
      [
        'line.yaml:14:13 stations[0].serial: serial scheme "unitt" is not defined under serials (defined: unit)',
      ],
    ],
    [
      'a printer that does not exist',
      BASE + `    label: unit\n    printer: zebra9\n`,
      [
        'line.yaml:15:12 stations[0].label: label "unit" is not defined under labels (no labels are defined)',
        'line.yaml:16:14 stations[0].printer: printer "zebra9" is not defined under printers (no printers are defined)',
      ],
    ],
    [
      'a PLC that does not exist',
      BASE +
        `    trigger: { type: opcua-handshake, plc: plc9, nodes: { request: a, ack: b, serial: c, result: d } }\n`,
      ['line.yaml:15:44 stations[0].trigger.plc: PLC "plc9" is not defined under plcs (no plcs are defined)'],
    ],
    [
      'a duplicate station id',
      BASE + `  - id: ST10\n    kind: start\n    partNumber: PN-200\n    serial: unit\n`,
      ['line.yaml:15:9 stations[1].id: duplicate station id "ST10" (also stations[0])'],
    ],
    [
      'a format with two sequences',
      withLine(9, '    format: "{seq:3}-{seq:3}"'),
      ['line.yaml:9:14 serials.unit.format: needs exactly one {seq:N} token, found 2'],
    ],
    [
      'a format naming an undefined variable',
      withLine(9, '    format: "{YY}{plant}{seq:4}"'),
      ['line.yaml:9:18 serials.unit.format: {plant}: no variable "plant" in vars'],
    ],
    [
      'a check alphabet the format breaks',
      withLine(9, '    format: "AB{seq:6}{check:gs1}"'),
      [
        'line.yaml:14:13 stations[0].serial: scheme "unit" at this station: "A" is outside the alphabet of {check:gs1} (digits only)',
      ],
    ],
    [
      'a number out of range',
      BASE + `    trigger: { type: interval, everyMs: 5 }\n`,
      ['line.yaml:15:41 stations[0].trigger.everyMs: must be at least 100'],
    ],
    [
      'a bad listen address',
      withLine(5, '  listen: localhost'),
      ['line.yaml:5:11 api.listen: must be host:port, e.g. 127.0.0.1:8080'],
    ],
    [
      'a config version from the future',
      'version: 2\n' + BASE,
      ['line.yaml:1:10 version: version 2 is newer than this linegate understands (1)'],
    ],
    [
      'a YAML syntax error',
      withLine(12, '    kind: start: now'),
      ['line.yaml:12:11 (root): YAML syntax: Nested mappings are not allowed in compact mappings'],
    ],
    [
      'an unknown time zone',
      withLine(3, '  dataDir: ./data\n  timeZone: Mars/Olympus'),
      [
        'line.yaml:4:13 gateway.timeZone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Berlin)',
      ],
    ],
    [
      'a label template file that does not exist',
      BASE + `labels:\n  unit:\n    template: labels/nope.zpl\n`,
      [`line.yaml:17:15 labels.unit.template: file not found: ${process.cwd()}/labels/nope.zpl`],
    ],
  ];

  for (const [what, yaml, expected] of cases) {
    it(`reports ${what}`, () => assert.deepEqual(problems(yaml), expected));
  }

  it('reports every problem at once, in file order', () => {
    const yaml =
      BASE.replace('  id: gw-1', '  id: gw 1').replace('kind: start', 'kind: start\n    colour: red') +
      'extra: 1\n';
    assert.deepEqual(problems(yaml), [
      'line.yaml:2:7 gateway.id: must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      'line.yaml:13:5 stations[0].colour: unknown key',
      'line.yaml:16:1 extra: unknown key',
    ]);
  });
});
