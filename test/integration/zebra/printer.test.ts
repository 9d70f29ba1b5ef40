import assert from 'node:assert/strict';
import { simulatorPerTest, until } from './printer.helper';
import { isCode as isArea } from '../../../src/errors';

const LABEL = Buffer.from('^XA^CI28^FO50,50^A0N,30,30^FH^FDhello^FS^XZ');
const isCode = (code: string) => (e: unknown) => {
  assert.ok(isArea(e, 'PRINTER_'), `expected a PRINTER_* error, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return true;
};

describe('zebra printer on VirtualZebra (TCP)', function () {
  this.timeout(15_000);
  const onSimulator = simulatorPerTest();

  it('prints and confirms a label', async () => {
    const env = await onSimulator({ printMs: 30 });
    await env.printer.print(LABEL);
    assert.deepEqual(
      env.sim.printed().map((b) => b.toString()),
      [LABEL.toString()],
    );
    assert.deepEqual(env.printer.status(), {
      paperOut: false,
      paused: false,
      headOpen: false,
      ribbonOut: false,
      bufferFull: false,
      formatsInBuffer: 0,
      labelsRemaining: 0,
    });
    assert.equal(env.printer.health().ok, true);
  });

  it('queues prints: one at a time, in order, on one socket', async () => {
    const env = await onSimulator({ printMs: 5 });
    const labels = [1, 2, 3, 4, 5].map((n) => Buffer.from(`^XA^FH^FD${n}^FS^XZ`));
    await Promise.all(labels.map((l) => env.printer.print(l)));
    assert.deepEqual(env.sim.printed().map(String), labels.map(String));
    assert.equal(env.sim.connections, 1);
  });

  it('paper out: a silent printer is PRINTER_SILENT and nothing is sent', async () => {
    const env = await onSimulator();
    env.sim.setFaults({ paperOut: true });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_SILENT'));
    assert.equal(env.printer.health().ok, false);
    env.sim.setFaults({ paperOut: false });
    assert.equal(env.sim.printed().length, 0);
    await env.printer.print(LABEL); // recovers after the fault clears
    assert.equal(env.sim.printed().length, 1);
  });

  it('paper out: a printer that answers is PRINTER_PAPER_OUT', async () => {
    const env = await onSimulator({ silentWhenFaulted: false });
    env.sim.setFaults({ paperOut: true });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_PAPER_OUT'));
    assert.equal(env.printer.health().state, 'paper out');
  });

  it('head open is PRINTER_HEAD_OPEN (or PRINTER_SILENT from a silent printer)', async () => {
    const env = await onSimulator({ silentWhenFaulted: false });
    env.sim.setFaults({ headOpen: true });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_HEAD_OPEN'));
    const silent = await onSimulator();
    try {
      silent.sim.setFaults({ headOpen: true });
      await assert.rejects(silent.printer.print(LABEL), isCode('PRINTER_SILENT'));
    } finally {
      await silent.stop();
    }
  });

  it('paused is PRINTER_PAUSED, ribbon out PRINTER_RIBBON_OUT, buffer full PRINTER_BUFFER_FULL', async () => {
    const env = await onSimulator();
    env.sim.setFaults({ paused: true });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_PAUSED'));
    env.sim.setFaults({ paused: false, ribbonOut: true });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_RIBBON_OUT'));
    env.sim.setFaults({ ribbonOut: false, bufferFull: true });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_BUFFER_FULL'));
    assert.equal(env.sim.printed().length, 0);
  });

  it('a printer slower than the confirm timeout is PRINTER_CONFIRM_TIMEOUT', async () => {
    const env = await onSimulator({ printMs: 5000 }, { confirmTimeoutMs: 400 });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_CONFIRM_TIMEOUT'));
  });

  it('answers slower than the status timeout are PRINTER_SILENT; a late answer never confirms', async () => {
    const env = await onSimulator({ printMs: 0 }, { statusTimeoutMs: 150, confirmTimeoutMs: 1000 });
    env.sim.setFaults({ slowMs: 400 });
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_SILENT'));
    env.sim.setFaults({ slowMs: 0 });
    await env.printer.print(LABEL);
    assert.ok(env.sim.connections >= 2, 'resynced on a fresh socket after the silent query');
  });

  it('paper out while printing stops the confirmation with PRINTER_SILENT', async () => {
    const env = await onSimulator({ printMs: 300 }, { statusTimeoutMs: 150, confirmTimeoutMs: 1000 });
    const job = env.printer.print(LABEL);
    await until(() => env.sim.hasClient);
    setTimeout(() => env.sim.setFaults({ paperOut: true }), 50);
    await assert.rejects(job, isCode('PRINTER_SILENT'));
    assert.equal(env.sim.printed().length, 0);
  });

  it('reconnects after the printer drops the connection', async () => {
    const env = await onSimulator();
    await env.printer.print(LABEL);
    env.sim.disconnect();
    await until(() => env.sim.connections === 2 && env.sim.hasClient);
    await until(
      () => env.printer.health().state === 'ready' || env.printer.health().state === 'waiting for status',
    );
    await env.printer.print(LABEL);
    assert.equal(env.sim.printed().length, 2);
  });

  it('is PRINTER_OFFLINE while the printer cannot be reached', async () => {
    const env = await onSimulator();
    await env.sim.stop();
    await until(() => /connecting/.test(env.printer.health().state));
    await assert.rejects(env.printer.print(LABEL), isCode('PRINTER_OFFLINE'));
    assert.match(env.printer.health().state, /reconnecting in \d+ s|connecting/);
  });

  it('stop() cancels queued prints with PRINTER_OFFLINE and is idempotent', async () => {
    const env = await onSimulator({ printMs: 200 });
    const a = env.printer.print(LABEL);
    const b = env.printer.print(LABEL);
    await until(() => env.sim.hasClient);
    await env.printer.stop();
    await env.printer.stop();
    await env.sim.stop();
    await assert.rejects(a, isCode('PRINTER_OFFLINE'));
    await assert.rejects(b, isCode('PRINTER_OFFLINE'));
    assert.equal(env.printer.health().state, 'stopped');
  });

  it('keeps health current through the idle status watch', async () => {
    const env = await onSimulator({}, { statusTimeoutMs: 100 }, { watchIntervalMs: 20 });
    await until(() => env.printer.health().state === 'ready');
    env.sim.setFaults({ paperOut: true });
    await until(() => env.printer.health().state.startsWith('silent'));
    env.sim.setFaults({ paperOut: false });
    await until(() => env.printer.health().ok);
    assert.deepEqual(env.printer.health().detail?.errors, []);
  });
});
