/**
 * `linegate epcis export`: a real gateway starts units of a GS1 scheme (and records test results)
 * through its API and stops; the command then writes one EPCIS document of a period from its
 * store, which GS1's schema accepts, with exactly the period's events and SGTINs of the units.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayYaml, TEST_TOKEN } from '../../helpers/gateway-config';
import { runCli, startGateway } from '../../helpers/gateway-process';
import { epcisProblems } from '../../helpers/epcis-schema';
import { tempDir } from '../../helpers/tmp';

describe('linegate epcis export', function () {
  this.timeout(60_000);
  const tmp = tempDir('linegate-export-');
  after(() => tmp.cleanup());

  it('exports the events of a period as a schema-valid EPCIS document, from the store alone', async () => {
    const file = path.join(tmp.dir, 'linegate.yaml');
    const yaml = gatewayYaml(tmp.dir, '', '').replace(
      'format: "{YY}{seq:7}{check:gs1}"',
      'format: "{seq:6}"\n    gtin: "10614141073464"\n    companyPrefixDigits: 7',
    ).concat(`upstream:
  - name: repo
    type: epcis
    url: http://127.0.0.1:1/epcis
    retry: { initialMs: 60000, maxMs: 60000 }
    stations:
      ST10: { readPoint: "urn:epc:id:sgln:0614141.07346.10" }
`);
    writeFileSync(file, yaml);
    const gw = await startGateway(file);
    const post = (p: string, body: unknown) =>
      fetch(`${gw.url}${p}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { serial?: string } }));
    const serials: string[] = [];
    for (let i = 0; i < 3; i++)
      serials.push(String((await post('/api/stations/ST10/start', {})).body.serial));
    await new Promise((r) => setTimeout(r, 20));
    const middle = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 2; i++)
      serials.push(String((await post('/api/stations/ST10/start', {})).body.serial));
    gw.child.kill('SIGTERM');
    assert.equal((await gw.exited).code, 0);

    const out = path.join(tmp.dir, 'audit.jsonld');
    const all = await runCli([
      'epcis',
      'export',
      '-c',
      file,
      '--from',
      '2000-01-01T00:00:00Z',
      '--to',
      '2100-01-01T00:00:00Z',
      '--out',
      out,
    ]);
    assert.equal(all.code, 0, all.stderr);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      epcisBody: { eventList: Array<Record<string, unknown>> };
    };
    assert.deepEqual(epcisProblems(doc), []);
    const started = doc.epcisBody.eventList.filter((e) => e.bizStep === 'commissioning');
    assert.deepEqual(
      started.map((e) => e.epcList),
      serials.map((s) => [`urn:epc:id:sgtin:0614141.107346.${s}`]),
    );
    assert.deepEqual(started[0].readPoint, { id: 'urn:epc:id:sgln:0614141.07346.10' });
    assert.match(all.stderr, /5 EPCIS events from \d+ stored events/);

    const late = await runCli([
      'epcis',
      'export',
      '-c',
      file,
      '--from',
      middle,
      '--to',
      '2100-01-01T00:00:00Z',
    ]);
    assert.equal(late.code, 0, late.stderr);
    const lateDoc = JSON.parse(late.stdout) as typeof doc;
    assert.deepEqual(
      lateDoc.epcisBody.eventList.map((e) => e['lg:serial']),
      serials.slice(3),
    );

    const bad = await runCli([
      'epcis',
      'export',
      '-c',
      file,
      '--from',
      '2100-01-01T00:00:00Z',
      '--to',
      '2000-01-01T00:00:00Z',
    ]);
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /--from must be before --to/);
  });
});
