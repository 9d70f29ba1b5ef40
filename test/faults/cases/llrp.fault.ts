/**
 * LLRP reader faults, each on a simulated LLRP reader over real TCP with the real driver: what
 * the driver answered, and whether it claimed anything false (healthy while locked out, a tag that
 * was never there, a visit identified twice, a stalled reconnect).
 */
import * as net from 'node:net';
import type { Fault, FaultOutcome } from '../fault';
import { detail, errorCount, llrpRig, type LlrpRig } from '../../helpers/llrp-rig';

const EPC = 'E28011606000020812340F01';

/** true once `cond` holds, false after `ms`. */
async function within(ms: number, cond: () => boolean): Promise<boolean> {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/** Runs `body` on a rig whose reader is started and reading (`prepare` runs before the start). */
async function reading(
  body: (rig: LlrpRig) => Promise<FaultOutcome>,
  options: { dedupWindowMs?: number; prepare?: (rig: LlrpRig) => void } = {},
): Promise<FaultOutcome> {
  const rig = await llrpRig(options.dedupWindowMs ? { dedupWindowMs: options.dedupWindowMs } : {});
  try {
    options.prepare?.(rig);
    await rig.reader.start();
    await within(5000, () => rig.reader.health().ok);
    return await body(rig);
  } finally {
    await rig.stop();
  }
}

const busy: Fault = {
  name: 'llrp.reader-busy',
  quick: true,
  async run(): Promise<FaultOutcome> {
    const rig = await llrpRig();
    const other = net.connect({ host: '127.0.0.1', port: rig.sim.port });
    try {
      await within(5000, () => rig.sim.hasClient);
      await rig.reader.start();
      const coded = await within(5000, () => errorCount(rig.reader, 'LLRP_READER_BUSY') >= 1);
      const okWhileBusy = rig.reader.health().ok;
      other.destroy();
      const recovered = await within(5000, () => rig.reader.health().ok);
      return {
        injected: 'another LLRP client holds the reader',
        answered: `${coded ? 'LLRP_READER_BUSY' : 'no busy code'}; ${recovered ? 'connected once it left' : 'never connected'}`,
        false: { otherFalse: Number(!coded) + Number(okWhileBusy) + Number(!recovered) },
      };
    } finally {
      other.destroy();
      await rig.stop();
    }
  },
};

const silent: Fault = {
  name: 'llrp.keepalives-stop',
  quick: true,
  run: () =>
    reading(async (rig) => {
      rig.sim.goSilent();
      const noticed = await within(5000, () => errorCount(rig.reader, 'LLRP_READ_TIMEOUT') >= 1);
      const back = await within(5000, () => rig.sim.counts.connections >= 2 && rig.reader.health().ok);
      return {
        injected: 'the reader stops sending keepalives and reports, TCP stays up',
        answered: `${noticed ? 'LLRP_READ_TIMEOUT' : 'nothing noticed'}; ${back ? 'reconnected' : 'no reconnect'}`,
        false: { otherFalse: Number(!noticed) + Number(!back) },
      };
    }),
};

const reboot: Fault = {
  name: 'llrp.reboot-mid-visit',
  quick: true,
  run: () =>
    reading(
      async (rig) => {
        rig.sim.tagEnters(EPC);
        await within(5000, () => rig.tags.length === 1);
        await rig.sim.reboot(300);
        const back = await within(5000, () => rig.reader.health().ok && rig.sim.state.rospecs.size === 1);
        const reads = Number(detail(rig.reader).tagReads);
        await within(5000, () => Number(detail(rig.reader).tagReads) > reads + 3);
        const visits = rig.tags.filter((t) => t.epc === EPC).length;
        return {
          injected: 'the reader reboots (connection dropped, ROSpec forgotten) while a carrier stands at it',
          answered: `${back ? 'ROSpec set up again' : 'not back'}; ${visits} visit(s) for one stay`,
          false: { otherFalse: Number(!back) + Math.abs(visits - 1) },
        };
      },
      { dedupWindowMs: 3000 },
    ),
};

const empty: Fault = {
  name: 'llrp.empty-reports',
  quick: true,
  run: () =>
    reading(
      async (rig) => {
        await within(5000, () => Number(detail(rig.reader).emptyReports) >= 10);
        return {
          injected: 'the reader sends empty RO_ACCESS_REPORTs',
          answered: `${String(detail(rig.reader).emptyReports)} empty reports counted, ${rig.tags.length} tags`,
          false: { otherFalse: rig.tags.length + Number(!rig.reader.health().ok) },
        };
      },
      { prepare: (rig) => rig.sim.sendEmptyReports() },
    ),
};

export const faults: Fault[] = [busy, silent, reboot, empty];
