import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ZebraEngine } from '../../../devices/zebra/sim-engine';
import { StxEtxFramer } from '../../../devices/serial/framing/stx-etx-framer';
import { StatusAssembler, type HostStatus } from '../../../devices/zebra/status';

function hostStatus(engine: ZebraEngine): HostStatus | undefined {
  const framer = new StxEtxFramer({ maxLength: 4096 });
  const assembler = new StatusAssembler();
  let status: HostStatus | undefined;
  const listener = (bytes: Buffer) => {
    for (const frame of framer.feed(bytes)) {
      const a = assembler.push(frame.toString('latin1'));
      if (a?.kind === 'hs') status = a.status;
    }
  };
  engine.on('output', listener);
  engine.feed(Buffer.from('~HS'));
  engine.off('output', listener);
  return status;
}

describe('zebra/sim-engine', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('takes formats split across chunks and prints them after printMs', () => {
    const engine = new ZebraEngine({ printMs: 50 });
    const printed: string[] = [];
    engine.on('printed', (f) => printed.push(f.toString()));
    engine.feed(Buffer.from('\r\n^XA^FO1,1^FDa'));
    engine.feed(Buffer.from('^FS^X'));
    engine.feed(Buffer.from('Z^XA^FDb^FS^XZ'));
    assert.deepEqual([hostStatus(engine)?.formatsInBuffer, hostStatus(engine)?.labelsRemaining], [1, 1]);
    clock.tick(50);
    assert.deepEqual(printed, ['^XA^FO1,1^FDa^FS^XZ']);
    clock.tick(50);
    assert.equal(printed.length, 2);
    assert.deepEqual([hostStatus(engine)?.formatsInBuffer, hostStatus(engine)?.labelsRemaining], [0, 0]);
    engine.stop();
  });

  it('counts ^PQ labels and holds printing while paused', () => {
    const engine = new ZebraEngine({ printMs: 10 });
    engine.setFaults({ paused: true });
    engine.feed(Buffer.from('^XA^FDx^FS^PQ3^XZ'));
    clock.tick(100);
    assert.equal(engine.printed().length, 0);
    assert.equal(hostStatus(engine)?.paused, true);
    engine.setFaults({ paused: false });
    clock.tick(20);
    assert.equal(hostStatus(engine)?.labelsRemaining, 1);
    clock.tick(10);
    assert.equal(engine.printed().length, 1);
    engine.stop();
  });

  it('answers nothing while paper is out or the head is open, or when silenced', () => {
    const engine = new ZebraEngine();
    for (const fault of ['paperOut', 'headOpen', 'silent'] as const) {
      engine.setFaults({ [fault]: true });
      assert.equal(hostStatus(engine), undefined, fault);
      engine.setFaults({ [fault]: false });
    }
    const loud = new ZebraEngine({ silentWhenFaulted: false });
    loud.setFaults({ headOpen: true });
    assert.equal(hostStatus(loud)?.headOpen, true);
  });

  it('delays answers when slow, and answers ~HQES', () => {
    const engine = new ZebraEngine();
    const out: string[] = [];
    engine.on('output', (b) => out.push(b.toString('latin1')));
    engine.setFaults({ slowMs: 300, ribbonOut: true });
    engine.feed(Buffer.from('~HQ'));
    engine.feed(Buffer.from('ES'));
    assert.equal(out.length, 0);
    clock.tick(300);
    assert.match(out.join(''), /ERRORS:\s+1 00000000 00000002/);
    engine.stop();
  });
});
