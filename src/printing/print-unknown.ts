/**
 * Labels sent by an earlier run and never confirmed may or may not have printed. A station whose
 * reservation still holds that serial reprints it on the retry (marked as a reprint); the rest
 * follow the printer's `onPrintUnknown` policy: held for an operator (reprint through the API),
 * or reprinted now, marked as reprints.
 */
import type { Config } from '../config/schema';
import type { Logger } from '../ports';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import { readPrintJobs, type ReprintRequest } from './label-service';

/** Applies the print-unknown policy to the jobs an earlier run left open. */
export async function settlePrintUnknown(opts: {
  config: Config;
  store: Store;
  line: { reprint(serial: string, request: ReprintRequest): Promise<unknown> };
  log: Logger;
}): Promise<void> {
  const { config, store, line, log } = opts;
  for (const job of await readPrintJobs(store)) {
    const reservation = (await store.sub(Sublevels.reservations).get(job.station)) as
      { serial: string } | undefined;
    if (reservation?.serial === job.serial) continue;
    const policy = config.printers[job.printer]?.onPrintUnknown ?? 'hold';
    log.warn({ job }, `label of ${job.serial} is print-unknown (sent, never confirmed): policy ${policy}`);
    if (policy === 'reprint')
      void line.reprint(job.serial, { reason: 'print-unknown after restart', operator: 'linegate' });
  }
}
