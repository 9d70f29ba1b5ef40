import assert from 'node:assert/strict';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { deviceFamilies } from '../../../devices';
import { baseYaml } from '../../helpers/gateway-config';

/** A start station and an assembly station whose identify line (16) and consume line (17) vary. */
function yaml(identify: string, consume: string): string {
  return `${baseYaml({ listen: '127.0.0.1:8080', format: '{seq:6}', partNumber: null })}  - id: ST20
    kind: assembly
    identify: ${identify}
    consume: ${consume}
scanners:
  scan20: { connection: { type: simulator } }
  scan21: { connection: { type: simulator } }
`;
}

const problems = (text: string) =>
  loadConfigText(text, 'line.yaml', deviceFamilies, {}).problems.map(formatProblem);

describe('config: one-scanner stations', () => {
  it('refuses one scanner for identify and consume without a rule, located at consume.scanner', () => {
    const got = problems(yaml('{ scanner: scan20 }', '{ scanner: scan20 }'));
    assert.equal(got.length, 1);
    assert.match(
      got[0],
      /^line\.yaml:17:25 stations\[1\]\.consume\.scanner: scanner "scan20" both identifies and consumes/,
    );
  });

  it('accepts a pattern or knownUnits on a shared scanner, and two scanners without either', () => {
    assert.deepEqual(problems(yaml(`{ scanner: scan20, pattern: '^26\\d{8}$' }`, '{ scanner: scan20 }')), []);
    assert.deepEqual(problems(yaml('{ scanner: scan20, knownUnits: true }', '{ scanner: scan20 }')), []);
    assert.deepEqual(problems(yaml('{ scanner: scan20 }', '{ scanner: scan21 }')), []);
  });

  it('refuses a rule on a scanner that does not consume, both rules at once, and bad regexes', () => {
    assert.match(
      problems(yaml('{ scanner: scan20, knownUnits: true }', '{ scanner: scan21 }'))[0],
      /^line\.yaml:16:\d+ stations\[1\]\.identify\.knownUnits: .*does not consume here/,
    );
    assert.match(
      problems(yaml(`{ scanner: scan20, pattern: 'x', knownUnits: true }`, '{ scanner: scan20 }'))[0],
      /stations\[1\]\.identify\.knownUnits: set identify\.pattern or identify\.knownUnits, not both/,
    );
    const bad = problems(yaml(`{ scanner: scan20, pattern: '(' }`, `{ scanner: scan20, pattern: '[' }`));
    assert.equal(bad.length, 2);
    assert.match(bad[0], /^line\.yaml:16:\d+ stations\[1\]\.identify\.pattern: invalid regular expression/);
    assert.match(bad[1], /^line\.yaml:17:\d+ stations\[1\]\.consume\.pattern: invalid regular expression/);
  });
});
