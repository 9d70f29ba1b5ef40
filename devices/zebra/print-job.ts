/**
 * One confirmed print (docs/contracts.md §4): preflight ~HS, send, then poll ~HS until the printer shows
 * no formats in its receive buffer and no labels remaining in the batch. A printer that does not
 * answer is faulted, never assumed fine.
 */
import { type Clock } from '../../src/ports';
import type { HostStatus } from './status';
import type { StatusChannel } from './status-channel';
import type { Link } from '../link';
import { LinegateError, hasCode, type CodeIn } from '../../src/errors';

/** What a print job needs. */
export interface PrintJobContext {
  transport: Link;
  channel: StatusChannel;
  clock: Clock;
  statusTimeoutMs: number;
  confirmTimeoutMs: number;
  /** delays between confirmation polls, the last one repeating (default 0, 10, 20, 40, 80, 100 ms). */
  pollDelaysMs?: readonly number[];
  /** an RFID label: the EPC its tag must read back (^HV) over the label's link. */
  epc?: string;
  /** a recent status that stands in for the pre-print ~HS, if there is one. */
  fresh?: () => HostStatus | undefined;
  /** every answer, for status() and health(). */
  onStatus(status: HostStatus): void;
  /** aborted when the printer stops. */
  signal: AbortSignal;
}

const DEFAULT_POLLS = [0, 10, 20, 40, 80, 100] as const;

/** The fault a status shows, most specific first; undefined when the printer can print. */
export function faultOf(status: HostStatus): { code: CodeIn<'PRINTER_'>; text: string } | undefined {
  if (status.headOpen) return { code: 'PRINTER_HEAD_OPEN', text: 'head open' };
  if (status.paperOut) return { code: 'PRINTER_PAPER_OUT', text: 'paper out' };
  if (status.ribbonOut) return { code: 'PRINTER_RIBBON_OUT', text: 'ribbon out' };
  if (status.paused) return { code: 'PRINTER_PAUSED', text: 'paused' };
  if (status.bufferFull) return { code: 'PRINTER_BUFFER_FULL', text: 'receive buffer full' };
  return undefined;
}

/** Runs one print; resolves once confirmed (whether a preflight ~HS was asked), rejects with a PRINTER_* LinegateError. */
export async function runPrintJob(
  ctx: PrintJobContext,
  zpl: Buffer,
): Promise<{ polls: number; preflight: boolean }> {
  const fresh = ctx.fresh?.();
  const before = fresh ?? (await ask(ctx, ctx.statusTimeoutMs, 'before printing', true));
  const fault = faultOf(before);
  if (fault) throw new LinegateError(fault.code, `printer is ${fault.text}; label not sent`);
  checkAborted(ctx.signal);
  // The link the label goes out on: only answers over this same link can confirm it.
  const link = ctx.transport.generation;
  ctx.channel.takeReadBacks(); // read-backs before this label are not its own
  await ctx.transport.write(zpl);
  const deadline = ctx.clock.now() + ctx.confirmTimeoutMs;
  const delays = ctx.pollDelaysMs ?? DEFAULT_POLLS;
  let last: HostStatus | undefined;
  for (let poll = 0; ; poll++) {
    await sleep(delays[Math.min(poll, delays.length - 1)], ctx.signal);
    const remaining = deadline - ctx.clock.now();
    if (remaining <= 0) break;
    sameLink(ctx, link);
    try {
      last = await ask(ctx, Math.min(ctx.statusTimeoutMs, remaining), 'after sending');
    } catch (err) {
      if (hasCode(err, 'PRINTER_SILENT')) {
        // The next query would resync the channel over a new link, whose answers cannot vouch
        // for this label (it may have been lost with the old link, issue 19.3): stop here.
        throw new LinegateError(
          'PRINTER_SILENT',
          `label not confirmed: ${err.message}; the printer stopped answering after the label was sent`,
          { cause: err },
        );
      }
      throw err;
    }
    sameLink(ctx, link);
    const during = faultOf(last);
    if (during && ctx.epc !== undefined)
      throw new LinegateError(
        'PRINTER_RFID_FAILED',
        `printer became ${during.text} printing an RFID label: the tag was not encoded and the label voided (^RS error mode)`,
      );
    if (during) throw new LinegateError(during.code, `printer became ${during.text}; label not confirmed`);
    if (last.formatsInBuffer === 0 && last.labelsRemaining === 0) {
      if (ctx.epc !== undefined) checkReadBack(ctx.epc, ctx.channel.takeReadBacks(), link);
      return { polls: poll + 1, preflight: fresh === undefined };
    }
  }
  throw new LinegateError(
    'PRINTER_CONFIRM_TIMEOUT',
    `label not confirmed within ${ctx.confirmTimeoutMs} ms ` +
      `(formats in buffer ${last?.formatsInBuffer}, labels remaining ${last?.labelsRemaining})`,
  );
}

/** Throws PRINTER_RFID_FAILED unless the tag read back exactly `epc`, once, over the label's link. */
function checkReadBack(epc: string, readBacks: Array<{ epc: string; link: number }>, link: number): void {
  const ours = readBacks.filter((r) => r.link === link).map((r) => r.epc);
  if (ours.length === 0)
    throw new LinegateError(
      'PRINTER_RFID_FAILED',
      `label printed but its tag read back nothing (encode failed, label voided?); expected EPC ${epc}`,
    );
  const wrong = ours.find((e) => e !== epc.toUpperCase());
  if (wrong !== undefined || ours.length > 1)
    throw new LinegateError(
      'PRINTER_RFID_FAILED',
      `tag read back ${ours.join(', ')}, not the unit's EPC ${epc} (a stale or foreign tag)`,
    );
}

/** Throws PRINTER_LINK_LOST once the link that carried the label is gone. */
function sameLink(ctx: PrintJobContext, link: number): void {
  if (ctx.transport.isOpen && ctx.transport.generation === link) return;
  throw new LinegateError(
    'PRINTER_LINK_LOST',
    'label not confirmed: the connection that carried it was lost, and a status over a new ' +
      'connection cannot vouch for it (the label may be lost, partly printed, or printed)',
  );
}

async function ask(
  ctx: PrintJobContext,
  timeoutMs: number,
  when: string,
  preflight = false,
): Promise<HostStatus> {
  checkAborted(ctx.signal);
  try {
    const status = await ctx.channel.hostStatus(timeoutMs, { share: preflight });
    ctx.onStatus(status);
    return status;
  } catch (err) {
    checkAborted(ctx.signal);
    if (hasCode(err, 'PRINTER_SILENT')) {
      // A Zebra answers nothing while paper is out or the head is open.
      throw new LinegateError('PRINTER_SILENT', `${err.message} ${when} (paper out or head open?)`, {
        cause: err,
      });
    }
    throw err;
  }
}

function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new LinegateError('PRINTER_OFFLINE', 'printer stopped');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  checkAborted(signal);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LinegateError('PRINTER_OFFLINE', 'printer stopped'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
