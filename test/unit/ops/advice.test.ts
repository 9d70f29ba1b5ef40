import assert from 'node:assert/strict';
import { adviceFor, startStationView, type CycleMemory } from '../../../src/ops/views';

describe('operator wording on the station card', () => {
  it('says what is wrong, what to do, and which serial waits for its label', () => {
    assert.equal(
      adviceFor('PRINTER_SILENT', 'printer zebra1: no answer to ~HS within 2000 ms', '26490000146'),
      'printer zebra1: out of paper or head open: check media; serial 26490000146 waits for its label',
    );
    assert.equal(
      adviceFor('PRINTER_PAPER_OUT', 'printer is paper out; label not sent'),
      'printer: out of paper: load labels',
    );
    assert.equal(
      adviceFor('CARRIER_NOT_READ', 'station ST10 saw no carrier'),
      'no carrier read: check the pallet is at the reader',
    );
    assert.equal(adviceFor('SOMETHING_NEW', 'the error text'), 'the error text');
    assert.equal(adviceFor(undefined, undefined), undefined);
  });

  it('the big serial is the one in progress after a printer fault, until a cycle succeeds', () => {
    const memory = {
      cycles: 2,
      failures: 1,
      lastSerial: '26490000139',
      waiting: '26490000146',
      last: {
        station: 'ST10',
        source: 'opcua',
        result: 2 as const,
        code: 'PRINTER_SILENT',
        durationMs: 2001,
        at: '2026-12-04T12:00:00Z',
      },
    };
    const view = startStationView('ST10', memory as CycleMemory, { ok: true, state: 'idle' });
    assert.equal(view.waitingSerial, '26490000146');
    assert.match(
      view.advice ?? '',
      /out of paper or head open: check media; serial 26490000146 waits for its label$/,
    );
    const ok = startStationView('ST10', { cycles: 3, failures: 1, lastSerial: '26490000146' }, undefined);
    assert.equal(ok.waitingSerial, undefined);
    assert.equal(ok.advice, undefined);
  });
});
