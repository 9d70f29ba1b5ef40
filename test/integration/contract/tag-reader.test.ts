/**
 * The TagReader contract (test/contract/tag-reader.contract.ts) run against every reader driver
 * with its simulator: the serial driver on a socat pty with the simulated module in its own
 * process (uhf-bb7e and ascii-lines), the serial driver as the config builds it on the built-in
 * simulator (in-process on the mock binding), and the LLRP driver against the simulated LLRP reader on a real TCP port.
 */
import { SerialTagReader } from '../../../devices/rfid/reader';
import { SimulatedTagReader } from '../../../devices/rfid/simulated-reader';
import { RfidSimulator } from '../../../devices/rfid/simulator';
import { asciiLines } from '../../../devices/rfid/protocols/ascii-lines';
import { uhfBb7e } from '../../../devices/rfid/protocols/uhf-bb7e';
import { SimulatedLlrpReader } from '../../../devices/llrp/simulated-reader';
import { DEFAULT_INVENTORY } from '../../../devices/llrp/settings';
import { llrpRig } from '../../helpers/llrp-rig';
import { tagReaderContract, type TagReaderHarness } from '../../contract/tag-reader.contract';
import { FAST_BACKOFF, testCtx } from '../serial/pty.helper';

/** Reports sent by an LLRP simulator with the tag in the field: `count` of them, then it leaves. */
async function llrpVisit(sim: SimulatedLlrpReader['simulator'], epc: string, count: number): Promise<void> {
  const from = sim.counts.reports;
  sim.tagEnters(epc, { antenna: 1 });
  for (const end = Date.now() + 10000; sim.counts.reports < from + count && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 5));
  sim.tagLeaves(epc);
}

describe('TagReader contract', function () {
  this.timeout(60000);

  for (const protocol of [uhfBb7e(), asciiLines()]) {
    describe(`serial driver, ${protocol.name}, simulated module on a pty`, () => {
      // one simulated module process for the group (it takes a second or two to spawn); a fresh driver per test.
      let sim: RfidSimulator;
      before(async () => {
        sim = new RfidSimulator({ protocol: protocol.name as 'uhf-bb7e' | 'ascii-lines', pty: true });
        await sim.start();
      });
      after(() => sim.stop());
      tagReaderContract(async (): Promise<TagReaderHarness> => {
        const reader = new SerialTagReader({
          ctx: testCtx('rfid-contract'),
          address: { path: sim.gatewayPath, baudRate: 115200 },
          protocol,
          dedupWindowMs: 1000,
          tuning: { settleMs: 20, backoff: FAST_BACKOFF },
        });
        return {
          reader,
          reportsAntenna: protocol.name === 'ascii-lines',
          read: (epc, count = 3) => sim.sendTag(epc, { count }),
          close: () => reader.stop(),
        };
      });
    });
  }

  describe('serial driver on the built-in simulator (config: connection simulator)', () =>
    tagReaderContract(async (): Promise<TagReaderHarness> => {
      const reader = new SimulatedTagReader({
        ctx: testCtx('rfid-contract'),
        protocol: asciiLines(),
        dedupWindowMs: 1000,
        tuning: { settleMs: 20, backoff: FAST_BACKOFF },
        simulator: { protocol: 'ascii-lines' },
      });
      return {
        reader,
        reportsAntenna: true,
        read: (epc, count = 3) => reader.simulator.sendTag(epc, { count }),
        close: () => reader.stop(),
      };
    }));

  describe('LLRP driver, simulated LLRP reader on TCP', () =>
    tagReaderContract(async (): Promise<TagReaderHarness> => {
      const rig = await llrpRig({ dedupWindowMs: 1000, settleMs: 20 });
      return {
        reader: rig.reader,
        reportsAntenna: true,
        read: (epc, count = 3) => llrpVisit(rig.sim, epc, count),
        close: () => rig.stop(),
      };
    }));

  describe('LLRP driver on the built-in simulated reader (config: simulate)', () =>
    tagReaderContract(async (): Promise<TagReaderHarness> => {
      const reader = new SimulatedLlrpReader({
        ctx: testCtx('llrp-contract'),
        host: '127.0.0.1',
        settings: DEFAULT_INVENTORY,
        timing: { keepaliveMs: 200 },
        dedupWindowMs: 1000,
        settleMs: 20,
        backoff: FAST_BACKOFF,
        simulator: { port: 0, reportEveryMs: 20 },
      });
      return {
        reader,
        reportsAntenna: true,
        read: async (epc, count = 3) => {
          await reader.simulator.start(); // the simulated reader exists while stopped too
          await llrpVisit(reader.simulator, epc, count);
        },
        close: () => reader.stop(),
      };
    }));
});
