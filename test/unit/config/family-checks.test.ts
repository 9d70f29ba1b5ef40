/**
 * What the device families would refuse at start is a located config problem, so check-config
 * and run (which load the config the same way) both report it: simulator options, LLRP ports
 * and CA files, and GS1 values a station's label uses but its scheme cannot give.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deviceFamilies } from '../../../devices';
import { SIM_PROFILES } from '../../../devices/zebra/sim-engine';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { tempDir } from '../../helpers/tmp';
import { BASE_ENV, BASE_YAML } from './base-yaml';

function problems(yaml: string, file = 'line.yaml'): string[] {
  return loadConfigText(yaml, file, deviceFamilies, BASE_ENV).problems.map(formatProblem);
}

// BASE_YAML is 14 lines; appended sections start at line 15.
describe('config: what the device families check', () => {
  const simulatorCases: Array<[string, string, string[]]> = [
    [
      'readers (rfid): an unknown option and a bad type, both at once',
      'readers:\n  r1:\n    connection: { type: simulator, options: { colour: red, everyMs: -1 } }\n',
      [
        'line.yaml:17:55 readers.r1.connection.options.colour: unknown option (known: tags, everyMs, readsPerPass, delayMs, pty)',
        'line.yaml:17:69 readers.r1.connection.options.everyMs: must be a positive integer',
      ],
    ],
    [
      'readers (rfid): tags that are not EPCs',
      'readers:\n  r1: { connection: { type: simulator, options: { tags: [XYZ] } } }\n',
      [
        'line.yaml:16:57 readers.r1.connection.options.tags: must be a list of EPCs in hex (whole 16-bit words)',
      ],
    ],
    [
      'scanners: an unknown option and a bad eol',
      'scanners:\n  s1: { connection: { type: simulator, options: { scan: [A], eol: nl } } }\n',
      [
        'line.yaml:16:57 scanners.s1.connection.options.scan: unknown option (known: scans, everyMs, delayMs, eol, pty)',
        'line.yaml:16:67 scanners.s1.connection.options.eol: must be one of crlf, cr, lf',
      ],
    ],
    [
      'printers (zebra): an unknown profile, an unknown option and a bad type',
      'printers:\n  p1: { connection: { type: simulator, options: { profile: zt999, colour: 1, printMs: fast } } }\n',
      [
        'line.yaml:16:60 printers.p1.connection.options.profile: must be one of ' +
          Object.keys(SIM_PROFILES).join(', '),
        'line.yaml:16:75 printers.p1.connection.options.colour: unknown option (known: profile, printMs, answerMs, silentWhenFaulted, errorStatus)',
        'line.yaml:16:87 printers.p1.connection.options.printMs: must be a number',
      ],
    ],
  ];
  for (const [name, yaml, expected] of simulatorCases)
    it(`simulator options of ${name}`, () => assert.deepEqual(problems(BASE_YAML + yaml), expected));

  it('accepts good simulator options of every family', () => {
    const yaml =
      'readers: { r1: { connection: { type: simulator, options: { tags: [ABCD], everyMs: 500, pty: true } } } }\n' +
      'scanners: { s1: { connection: { type: simulator, options: { scans: [A1], eol: lf } } } }\n' +
      'printers: { p1: { connection: { type: simulator, options: { printMs: 5, errorStatus: false } } } }\n';
    assert.deepEqual(problems(BASE_YAML + yaml), []);
  });

  it('LLRP port 0 only with simulate (a real reader would be dialled on port 0 for ever)', () => {
    const reader = (extra: string) =>
      `readers:\n  r1: { connection: { type: llrp, host: 127.0.0.1, port: 0${extra} } }\n`;
    assert.deepEqual(problems(BASE_YAML + reader('')), [
      'line.yaml:16:58 readers.r1.connection.port: port 0 (any free port) applies only with simulate: a reader listens on 5084, or 5085 with tls',
    ]);
    assert.deepEqual(problems(BASE_YAML + reader(', simulate: {}')), []);
  });

  it('an LLRP CA file that does not exist', () => {
    const tmp = tempDir();
    try {
      const yaml = `readers:\n  r1: { connection: { type: llrp, host: h, tls: { ca: missing.pem } } }\n`;
      assert.deepEqual(problems(BASE_YAML + yaml, path.join(tmp.dir, 'line.yaml')), [
        `${path.join(tmp.dir, 'line.yaml')}:16:55 readers.r1.connection.tls.ca: file not found: ${path.join(tmp.dir, 'missing.pem')}`,
      ]);
    } finally {
      tmp.cleanup();
    }
  });

  describe('GS1 values a label uses but its scheme cannot give', () => {
    let tmp: ReturnType<typeof tempDir>;
    beforeEach(() => (tmp = tempDir()));
    afterEach(() => tmp.cleanup());

    /** The base config with a label using `field`, at a start station whose scheme has `scheme` keys. */
    function withLabel(field: string, scheme = ''): string[] {
      writeFileSync(path.join(tmp.dir, 'l.zpl'), `^XA^FO10,10^A0N,20,20^FD${field}^FS^XZ\n`);
      const yaml = BASE_YAML.replace(
        '    format: "{GG}{WW}{seq:6}{check:gs1}"\n',
        `    format: "{seq:6}"\n${scheme}`,
      );
      const extra =
        '    label: l\n    printer: p1\nlabels: { l: { template: l.zpl } }\nprinters: { p1: { connection: { type: simulator } } }\n';
      return problems(yaml + extra, path.join(tmp.dir, 'line.yaml'));
    }
    const at = () => path.join(tmp.dir, 'line.yaml');

    it('{{digitalLink}} without gtin is refused where the station names the label', () => {
      assert.deepEqual(withLabel('{{digitalLink}}'), [
        `${at()}:15:12 stations[0].label: label "l" uses {{digitalLink}}, which needs gtin in serial scheme "unit"`,
      ]);
    });
    it('{{gs1}} without gtin, {{epc}} without companyPrefixDigits', () => {
      assert.deepEqual(withLabel('{{gs1}}'), [
        `${at()}:15:12 stations[0].label: label "l" uses {{gs1}}, which needs gtin in serial scheme "unit"`,
      ]);
      assert.deepEqual(withLabel('{{epc}}', '    gtin: "09506000134352"\n'), [
        `${at()}:16:12 stations[0].label: label "l" uses {{epc}}, which needs companyPrefixDigits in serial scheme "unit"`,
      ]);
    });
    it('accepts them when the scheme has what they need', () => {
      assert.deepEqual(withLabel('{{digitalLink}} {{gs1}}', '    gtin: "09506000134352"\n'), []);
      const full = '    gtin: "09506000134352"\n    companyPrefixDigits: 7\n';
      assert.deepEqual(withLabel('{{epc}}', full), []);
    });
  });
});
