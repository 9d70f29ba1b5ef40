import assert from 'node:assert/strict';
import { LinegateError, hasCode, isCode, isErrorCode } from '../../../src/errors';
import { Result } from '../../../src/ports';
import { stepFailure, stepFailureOf } from '../../../src/stations/steps';
import { importRejected, rejectedImport, type ImportReport } from '../../../src/serials/import';
import { configInvalid } from '../../../src/config/problems';
import { createHttpClient, httpFailureKind } from '../../../src/upstream/http-client';

describe('LinegateError: the one error type', () => {
  it('carries code, message, cause and an empty context by default', () => {
    const cause = new Error('EIO');
    const err = new LinegateError('PRINTER_WRITE_FAILED', 'zebra1: EIO', { cause });
    assert.equal(err.code, 'PRINTER_WRITE_FAILED');
    assert.equal(err.message, 'zebra1: EIO');
    assert.equal(err.cause, cause);
    assert.equal(err.name, 'LinegateError');
    assert.deepEqual(err.context, {});
    assert.ok(!('cause' in new LinegateError('STORE_CLOSED', 'closed')), 'no cause property without a cause');
  });

  it('matches codes one by one (hasCode) and by area (isCode), never other errors', () => {
    const err = new LinegateError('PRINTER_SILENT', 'no answer');
    assert.ok(hasCode(err, 'PRINTER_SILENT'));
    assert.ok(hasCode(err, 'PRINTER_OFFLINE', 'PRINTER_SILENT'));
    assert.ok(!hasCode(err, 'PRINTER_OFFLINE'));
    assert.ok(isCode(err, 'PRINTER_'));
    assert.ok(!isCode(err, 'LABEL_'));
    assert.ok(!isCode(new LinegateError('STATUS_QUERY_PREEMPTED', 'idle'), 'PRINTER_'));
    const lookalike = Object.assign(new Error('x'), { code: 'PRINTER_SILENT' });
    assert.ok(!hasCode(lookalike, 'PRINTER_SILENT'));
    assert.ok(!isCode(lookalike, 'PRINTER_'));
    assert.ok(!hasCode(undefined, 'PRINTER_SILENT'));
  });

  it('knows its catalogue: own keys only', () => {
    assert.ok(isErrorCode('UNIT_UNKNOWN'));
    for (const other of ['toString', 'constructor', '__proto__', 'unit_unknown', '', 42, undefined])
      assert.ok(!isErrorCode(other), String(other));
  });

  it('keeps a failed step’s station result and outcome in its context', () => {
    const outcome = { events: [{ type: 'label.failed' as const, serial: 'S1', station: 'st1', data: {} }] };
    const err = stepFailure({
      code: 'PRINTER_PAPER_OUT',
      result: Result.PRINTER_FAULT,
      message: 'paper out',
      outcome,
    });
    assert.deepEqual(stepFailureOf(err), { result: Result.PRINTER_FAULT, outcome });
    assert.deepEqual(stepFailureOf(stepFailure({ code: 'NO_PRINTER', result: 2, message: 'x' }))?.outcome, {
      events: [],
    });
    assert.equal(stepFailureOf(new LinegateError('PRINTER_PAPER_OUT', 'not a step')), undefined);
    assert.equal(stepFailureOf(new Error('x')), undefined);
  });

  it('keeps a refused import’s report, and a bad config’s problems', () => {
    const report: ImportReport = {
      importId: 'i',
      file: 'a.csv',
      rows: 3,
      noop: false,
      units: 0,
      components: 0,
      lots: 0,
      workOrders: {},
      problems: [{ line: 2, message: 'bad' }],
    };
    const err = importRejected(report);
    assert.equal(err.code, 'SERIAL_IMPORT_INVALID');
    assert.equal(err.message, 'a.csv: 1 bad row(s) of 3; nothing was imported');
    assert.equal(rejectedImport(err), report);
    assert.equal(rejectedImport(new LinegateError('SERIAL_TAKEN', 'x')), undefined);
    const problems = [{ file: 'c.yaml', line: 3, col: 5, path: ['gateway', 'id'], message: 'required' }];
    const config = configInvalid(problems);
    assert.equal(config.code, 'CONFIG_INVALID');
    assert.equal(config.message, 'c.yaml:3:5 gateway.id: required');
    assert.equal(config.context.problems, problems);
  });

  it('reports an HTTP request that got no answer with its kind (the sink retries on it)', async () => {
    const client = createHttpClient({ url: 'http://127.0.0.1:9/', timeoutMs: 2000 });
    try {
      const aborted = new AbortController();
      aborted.abort();
      const err = await client.post('x', '{}', {}, aborted.signal).catch((e: unknown) => e);
      assert.ok(hasCode(err, 'HTTP_ABORTED'));
      assert.equal(httpFailureKind(err), 'aborted');
      const refused = await client.post('x', '{}', {}).catch((e: unknown) => e);
      assert.ok(hasCode(refused, 'HTTP_CONNECTION_FAILED'), String(refused));
      assert.equal(httpFailureKind(refused), 'connection');
      assert.equal(httpFailureKind(new LinegateError('SINK_UNKNOWN', 'x')), undefined);
    } finally {
      client.close();
    }
  });
});
