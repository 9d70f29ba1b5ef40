import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigFile, loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { deviceFamilies } from '../../../devices';
import { plcsOf } from '../../../devices/opcua/config';

const env = { LINEGATE_API_TOKEN: 'test-token-123' };
const configDir = path.resolve(__dirname, '../../../config');

describe('config: what must be accepted', () => {
  it('accepts the start-station config of the contract exactly as written', () => {
    const { config, problems } = loadConfigFile(
      path.join(configDir, 'example-start.yaml'),
      deviceFamilies,
      env,
    );
    assert.deepEqual(problems.map(formatProblem), []);
    assert.equal(config?.version, 1, 'absent version means the current one');
    assert.equal(
      config?.gateway.dataDir,
      path.join(configDir, 'data/gw-line1'),
      'relative to the config file',
    );
    assert.equal(config?.labels.unit.template, path.join(configDir, 'labels/unit.zpl'));
    assert.equal(config && plcsOf(config).plc1.publishingIntervalMs, 50, 'defaults applied');
  });

  it('accepts readers, scanners and assembly/end stations as the contract writes them', () => {
    const { problems } = loadConfigFile(path.join(configDir, 'example-line.yaml'), deviceFamilies, env);
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('accepts the contract config with plcs, printers, labels and upstream left out', () => {
    const text = readFileSync(path.join(configDir, 'example-start.yaml'), 'utf8');
    const kept = text
      .split(/\n(?=\S)/)
      .filter((section) => !/^(plcs|printers|labels|upstream):/.test(section))
      .join('\n')
      .replace(/\n {4}label: unit.*\n {4}printer: zebra1.*/, '')
      .replace(/\n {4}trigger:[\s\S]*?result: "ns=1;s=ST10.Result"/, '');
    const { config, problems } = loadConfigText(kept, path.join(configDir, 'x.yaml'), deviceFamilies, env);
    assert.deepEqual(problems.map(formatProblem), []);
    assert.deepEqual(config?.upstream, []);
    assert.deepEqual(config?.printers, {});
  });

  it('accepts version: 1 and the demo config', () => {
    const { problems } = loadConfigFile(path.join(configDir, 'demo.yaml'), deviceFamilies, {});
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('keeps the type of a whole-value ${NAME}, and supports ${NAME:-default}', () => {
    const text = readFileSync(path.join(configDir, 'demo.yaml'), 'utf8').replace(
      'simulateCycleMs: 3000',
      'simulateCycleMs: "${EVERY}"',
    );
    const { config, problems } = loadConfigText(text, path.join(configDir, 'demo.yaml'), deviceFamilies, {
      EVERY: '1500',
    });
    assert.deepEqual(problems.map(formatProblem), []);
    assert.equal(config && plcsOf(config).plc1.simulateCycleMs, 1500);
    assert.equal(config?.api.token, 'demo-token-change-me');
  });

  it('reports a missing file as a problem, not an exception', () => {
    const { problems } = loadConfigFile('/nonexistent/linegate.yaml', deviceFamilies, {});
    assert.deepEqual(problems.map(formatProblem), [
      '/nonexistent/linegate.yaml:1:1 (root): cannot read config: file not found',
    ]);
  });
});
