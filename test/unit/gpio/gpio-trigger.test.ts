import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createGpioTrigger, type GpioTriggerConfig } from '../../../devices/gpio';
import { fakeBackend, fakeStation, quietCtx } from './fake-pin';

describe('GPIO edge trigger', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });
  afterEach(() => clock.restore());

  const cfg = (over: Partial<GpioTriggerConfig> = {}): GpioTriggerConfig => ({
    type: 'gpio',
    pin: 17,
    edge: 'rising',
    debounceMs: 20,
    activeLow: false,
    ...over,
  });

  async function setup(over: Partial<GpioTriggerConfig> = {}) {
    const backend = fakeBackend();
    const station = fakeStation();
    const trigger = createGpioTrigger(cfg(over), { station, ctx: quietCtx(), backend });
    await trigger.start();
    const pin = backend.pins.get(17);
    assert.ok(pin);
    return { backend, station, trigger, pin };
  }

  it('opens the line for both edges and starts one cycle per debounced rising edge', async () => {
    const { backend, station, pin, trigger } = await setup();
    assert.deepEqual(backend.opened[0], {
      line: 17,
      kind: 'in',
      opts: { edge: 'both', activeLow: undefined },
    });
    pin.edge(1);
    await clock.tickAsync(19);
    sinon.assert.notCalled(station.start);
    await clock.tickAsync(1);
    sinon.assert.calledOnceWithExactly(station.start, { source: 'gpio' });
    pin.edge(0);
    await clock.tickAsync(50);
    sinon.assert.calledOnce(station.start);
    assert.equal(trigger.health().detail?.starts, 1);
  });

  it('ignores contact bounce: the level must hold for debounceMs', async () => {
    const { station, pin } = await setup();
    for (let i = 0; i < 5; i++) {
      pin.edge(1);
      await clock.tickAsync(5);
      pin.edge(0);
      await clock.tickAsync(5);
    }
    pin.edge(1);
    await clock.tickAsync(20);
    sinon.assert.calledOnce(station.start);
  });

  it('ignores a spike shorter than debounceMs', async () => {
    const { station, pin } = await setup();
    pin.edge(1);
    await clock.tickAsync(10);
    pin.edge(0);
    await clock.tickAsync(100);
    sinon.assert.notCalled(station.start);
  });

  it('counts falling edges when configured so', async () => {
    const { station, pin } = await setup({ edge: 'falling' });
    pin.edge(1);
    await clock.tickAsync(30);
    sinon.assert.notCalled(station.start);
    pin.edge(0);
    await clock.tickAsync(30);
    sinon.assert.calledOnce(station.start);
  });

  it('queues edges that arrive during a cycle and runs them one at a time', async () => {
    const { station, pin } = await setup({ debounceMs: 0 });
    let finish: (() => void) | undefined;
    station.start.callsFake(
      () => new Promise((resolve) => (finish = () => resolve({ result: 0, serial: 'S' }))),
    );
    for (let i = 0; i < 3; i++) {
      pin.edge(1);
      await clock.tickAsync(1);
      pin.edge(0);
      await clock.tickAsync(1);
    }
    sinon.assert.calledOnce(station.start);
    for (let i = 2; i <= 3; i++) {
      finish?.();
      await clock.tickAsync(1);
      sinon.assert.callCount(station.start, i);
    }
  });

  it('drops edges beyond the queue bound', async () => {
    const backend = fakeBackend();
    const station = fakeStation();
    station.start.callsFake(() => new Promise(() => undefined)); // a cycle that never ends
    const trigger = createGpioTrigger(cfg({ debounceMs: 0 }), { station, ctx: quietCtx(), backend });
    await trigger.start();
    const pin = backend.pins.get(17)!;
    for (let i = 0; i < 12; i++) {
      pin.edge(1);
      await clock.tickAsync(1);
      pin.edge(0);
      await clock.tickAsync(1);
    }
    const detail = trigger.health().detail as { edges: number; dropped: number; queued: number };
    assert.deepEqual(
      { edges: detail.edges, dropped: detail.dropped, queued: detail.queued },
      { edges: 12, dropped: 3, queued: 8 },
    );
  });

  it('reports a failed cycle in health', async () => {
    const { station, pin, trigger } = await setup();
    station.start.resolves({ result: 2, error: 'paper out', code: 'PRINTER_PAPER_OUT' });
    pin.edge(1);
    await clock.tickAsync(20);
    assert.equal((trigger.health().detail as { failed: number }).failed, 1);
    assert.equal((trigger.health().detail as { lastError: string }).lastError, 'paper out');
  });

  it('stop() removes the listener and the debounce timer and releases the line; start/stop are idempotent', async () => {
    const { station, pin, trigger } = await setup();
    await trigger.start();
    pin.edge(1);
    await trigger.stop();
    await trigger.stop();
    assert.equal(pin.listenerCount, 0);
    assert.equal(clock.countTimers(), 0);
    sinon.assert.calledOnce(pin.close);
    await clock.tickAsync(100);
    sinon.assert.notCalled(station.start);
    assert.equal(trigger.health().ok, false);
  });

  it('takes the level at start as the baseline (a part already in the beam is not a new edge)', async () => {
    const backend = fakeBackend();
    const station = fakeStation();
    const trigger = createGpioTrigger(cfg(), { station, ctx: quietCtx(), backend });
    const pin = (await backend.openInput(17, { edge: 'both' })) as unknown as {
      level: 0 | 1;
      edge(l: 0 | 1): void;
    };
    pin.level = 1;
    await trigger.start();
    pin.edge(1);
    await clock.tickAsync(50);
    sinon.assert.notCalled(station.start);
  });
});
