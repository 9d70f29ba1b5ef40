import assert from 'node:assert/strict';
import sinon from 'sinon';
import { GpioOutput, withOutcomeLamps } from '../../../devices/gpio';
import { fakeBackend, fakeStation, quietCtx } from './fake-pin';

describe('GPIO outputs', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });
  afterEach(() => clock.restore());

  async function output(line = 5) {
    const backend = fakeBackend();
    const out = new GpioOutput({ backend, line, ctx: quietCtx() });
    await out.start();
    return { out, pin: backend.pins.get(line)!, backend };
  }

  it('starts off, switches and pulses', async () => {
    const { out, pin, backend } = await output();
    assert.deepEqual(backend.opened[0], { line: 5, kind: 'out', opts: { initial: 0, activeLow: undefined } });
    await out.set(true);
    await out.set(false);
    await out.pulse(200);
    assert.deepEqual(pin.writes, [0, 1, 0, 1]);
    await clock.tickAsync(199);
    assert.equal(pin.level, 1);
    await clock.tickAsync(1);
    assert.deepEqual(pin.writes, [0, 1, 0, 1, 0]);
  });

  it('restarts the time when a pulse comes during a pulse', async () => {
    const { out, pin } = await output();
    await out.pulse(100);
    await clock.tickAsync(80);
    await out.pulse(100);
    await clock.tickAsync(80);
    assert.equal(pin.level, 1);
    await clock.tickAsync(20);
    assert.equal(pin.level, 0);
  });

  it('stop() switches off, clears the pulse timer and releases the line', async () => {
    const { out, pin } = await output();
    await out.pulse(1000);
    await out.stop();
    await out.stop();
    assert.equal(pin.level, 0);
    assert.equal(clock.countTimers(), 0);
    sinon.assert.calledOnce(pin.close);
  });

  it('shows each outcome: OK pulse, fault lamp until the next good cycle', async () => {
    const { out: ok, pin: okPin } = await output(5);
    const { out: fault, pin: faultPin } = await output(6);
    const station = fakeStation();
    const lit = withOutcomeLamps(station, { ok, fault, okPulseMs: 300 }, quietCtx());
    assert.equal(lit.stationId, 'ST10');
    assert.deepEqual(await lit.start({ source: 'gpio' }), { result: 0, serial: 'S1' });
    assert.equal(okPin.level, 1);
    await clock.tickAsync(300);
    assert.equal(okPin.level, 0);
    station.start.resolves({ result: 2, error: 'paper out' });
    await lit.start({ source: 'gpio' });
    assert.equal(faultPin.level, 1);
    station.start.resolves({ result: 0, serial: 'S2' });
    await lit.start({ source: 'gpio' });
    assert.equal(faultPin.level, 0);
  });
});
