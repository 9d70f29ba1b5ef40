/**
 * Idle status queries never stand in a label's way (issue 15): a printer that answers ~HS but
 * never ~HQES is learnt and no longer asked; a label pre-empts an idle ~HQES on the wire and
 * shares an idle ~HS on the wire as its preflight; a fresh confirmation stands in for the
 * pre-print ~HS. What the printer received, in order, is the evidence (virtual Zebra, real TCP).
 * The status timeout is far longer than mocha's: a label that waited for an unanswered query
 * would fail the test by timing out, so no timing is asserted.
 */
import assert from 'node:assert/strict';
import { simulatorPerTest, until } from './printer.helper';

const LABEL = Buffer.from('^XA^CI28^FO50,50^A0N,30,30^FH^FDidle^FS^XZ');
const LONG = 60_000;

/** The wire log without the idle watch's noise before `from`. */
const after = (wire: string[], from: number) => wire.slice(from);

describe('idle status queries and the print path (virtual Zebra over TCP)', function () {
  this.timeout(15_000);
  const onSimulator = simulatorPerTest();

  it('learns that a printer never answers ~HQES and stops asking it', async () => {
    const env = await onSimulator(
      { errorStatus: false, printMs: 5 },
      { statusTimeoutMs: 100 },
      { watchIntervalMs: 10 },
    );
    await until(() => env.printer.errorStatusSupport === 'never');
    const hqesAsked = env.sim.wire().filter((c) => c === '~HQES').length;
    assert.equal(hqesAsked, 2, 'two unanswered probes, each after an answered ~HS');
    const hs = env.sim.wire().filter((c) => c === '~HS').length;
    await until(() => env.sim.wire().filter((c) => c === '~HS').length >= hs + 5);
    assert.equal(env.sim.wire().filter((c) => c === '~HQES').length, hqesAsked, 'never asked again');
    assert.equal(env.printer.health().ok, true, 'a printer without ~HQES is healthy');
    assert.equal(env.printer.health().detail?.hqes, 'never');
  });

  it('keeps asking ~HQES of a printer that answers it', async () => {
    const env = await onSimulator({ printMs: 5 }, { statusTimeoutMs: 500 }, { watchIntervalMs: 10 });
    await until(() => env.sim.wire().filter((c) => c === '~HQES').length >= 3);
    assert.equal(env.printer.errorStatusSupport, 'answers');
  });

  it('a label pre-empts an idle ~HQES the printer will never answer', async () => {
    const env = await onSimulator(
      { errorStatus: false, printMs: 5 },
      { statusTimeoutMs: LONG },
      { watchIntervalMs: 1 },
    );
    await until(() => env.sim.wire().includes('~HQES'));
    const from = env.sim.wire().length;
    await env.printer.print(LABEL); // would wait LONG behind the ~HQES without pre-emption
    const wire = after(env.sim.wire(), from);
    assert.equal(wire[0], '~HS', 'the preflight went straight out');
    assert.equal(wire[1], 'format');
    assert.equal(env.sim.printed().length, 1);
    assert.equal(env.sim.connections, 1, 'no reconnect: an abandoned ~HQES leaves the channel in sync');
  });

  it('an idle ~HS on the wire serves as the preflight: no second round trip', async () => {
    const env = await onSimulator({ printMs: 5 }, { statusTimeoutMs: LONG }, { watchIntervalMs: 0 });
    env.sim.setFaults({ slowMs: 300 });
    // The watch's ~HS goes out (watchIntervalMs 0 disables the timer: start one check by hand).
    const watch = (env.printer as unknown as { watch(): Promise<void> }).watch();
    await until(() => env.sim.wire().includes('~HS'));
    const from = env.sim.wire().length;
    const printing = env.printer.print(LABEL);
    env.sim.setFaults({ slowMs: 0 });
    await printing;
    await watch;
    const wire = after(env.sim.wire(), from);
    assert.equal(wire[0], 'format', `the label follows the idle ~HS directly: ${wire.join(' ')}`);
    assert.ok(!wire.includes('~HQES'), 'the watch asked no ~HQES while a print was pending');
  });

  it('an idle ~HS the printer left unanswered: the preflight asks its own, and the label prints', async () => {
    const env = await onSimulator({ printMs: 5 }, { statusTimeoutMs: 200 }, { watchIntervalMs: 0 });
    env.sim.setFaults({ silent: true });
    const watch = (env.printer as unknown as { watch(): Promise<void> }).watch();
    await until(() => env.sim.wire().includes('~HS'));
    const printing = env.printer.print(LABEL);
    env.sim.setFaults({ silent: false }); // back before the idle query's timeout; its answer is lost
    await printing;
    await watch;
    assert.deepEqual(env.sim.wire().slice(0, 3), ['~HS', '~HS', 'format']);
  });

  it('idle queries queued behind a print are dropped, prints keep their order', async () => {
    const env = await onSimulator({ printMs: 20 }, { statusTimeoutMs: LONG }, { watchIntervalMs: 0 });
    const labels = [1, 2, 3].map((n) => Buffer.from(`^XA^FDlabel ${n}^FS^XZ`));
    await Promise.all(labels.map((l) => env.printer.print(l)));
    assert.deepEqual(
      env.sim.printed().map((f) => f.toString('latin1')),
      labels.map((l) => l.toString('latin1')),
    );
  });

  describe('statusFreshMs: a fresh status stands in for the pre-print ~HS', () => {
    it('back-to-back labels: the previous confirmation serves, one ~HS less per label', async () => {
      const env = await onSimulator({ printMs: 5 }, { statusTimeoutMs: 1000 }, { watchIntervalMs: 0 });
      const fresh = await onSimulator(
        { printMs: 5 },
        { statusTimeoutMs: 1000, statusFreshMs: LONG },
        { watchIntervalMs: 0 },
      );
      for (let i = 0; i < 5; i++) {
        await env.printer.print(LABEL);
        await fresh.printer.print(LABEL);
      }
      assert.equal(env.printer.health().detail?.preflightsSkipped, 0, 'always asked before each label');
      assert.equal(fresh.printer.health().detail?.preflightsSkipped, 4, 'asked before the first label only');
      // Each later label follows the previous label's confirming ~HS with no ~HS of its own.
      const wire = fresh.sim.wire();
      assert.deepEqual(wire.slice(0, 2), ['~HS', 'format']);
      assert.ok(wire.slice(2).every((c) => c === '~HS' || c === 'format'));
      assert.equal(fresh.sim.printed().length, 5);
    });

    it('not across a reconnect, and not when the last answer showed a fault', async () => {
      const env = await onSimulator(
        { printMs: 5 },
        { statusTimeoutMs: 1000, statusFreshMs: LONG },
        { watchIntervalMs: 0 },
      );
      await env.printer.print(LABEL);
      env.sim.disconnect();
      await until(() => env.sim.connections === 2 && env.printer.health().state !== 'connecting');
      await until(() => env.sim.hasClient);
      let from = env.sim.wire().length;
      await env.printer.print(LABEL);
      assert.deepEqual(after(env.sim.wire(), from).slice(0, 2), ['~HS', 'format'], 'asked on the new link');
      env.sim.setFaults({ paused: true });
      await assert.rejects(env.printer.print(LABEL), /paused/);
      env.sim.setFaults({ paused: false });
      from = env.sim.wire().length;
      await env.printer.print(LABEL);
      assert.deepEqual(after(env.sim.wire(), from).slice(0, 2), ['~HS', 'format'], 'asked after a fault');
    });
  });
});
