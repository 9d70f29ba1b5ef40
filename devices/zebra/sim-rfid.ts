/**
 * The RFID part of the virtual Zebra: the tag in each label. A format with `^RFW,H…^FD<hex>^FS`
 * writes the tag's EPC, `^RFR,H` reads it back into a field, `^HV` returns that field to the host
 * with its (^FH-decoded) header and termination, and `^RS…,e` says what a failed encode does:
 * E (error mode) voids the label and stops the printer, N voids it and goes on silently.
 * Faults: the encode fails, or the tag keeps a stale EPC (the write did not take).
 */

/** RFID faults of the virtual printer. */
export interface RfidFaults {
  /** every encode fails: the label is voided. */
  rfidFail: boolean;
  /** the write does not take: read-back returns the tag's previous EPC. */
  rfidStale: boolean;
}

/** What printing one label did to its tag. */
export interface TagOutcome {
  /** the label was voided (a failed encode). */
  voided: boolean;
  /** the printer stops in error mode (^RS error handling E). */
  stop: boolean;
  /** bytes to send to the host (^HV), if any. */
  output?: string;
}

/** An EPC a previous label's tag carried, for stale read-backs. */
const FACTORY_EPC = 'E28011702000000000000000';

/** The tag of each RFID label: encodes, reads back, answers ^HV. */
export class SimTagWriter {
  /** labels voided so far (failed encodes). */
  voided = 0;
  /** EPCs written to tags so far, in order. */
  readonly encoded: string[] = [];
  private lastEpc = FACTORY_EPC;

  /** Prints one label's RFID part; undefined for a format without ^RFW. */
  label(format: string, faults: RfidFaults): TagOutcome | undefined {
    const write = /\^RFW,H[^^]*\^FD([0-9A-Fa-f]+)\^FS/.exec(format);
    if (!write) return undefined;
    const stopOnError = /\^RS[^,^]*,[^,^]*,[^,^]*,[^,^]*,E/.test(format);
    if (faults.rfidFail) {
      this.voided++;
      return { voided: true, stop: stopOnError };
    }
    const epc = faults.rfidStale ? this.lastEpc : write[1].toUpperCase();
    this.lastEpc = epc;
    this.encoded.push(epc);
    return { voided: false, stop: false, output: hostVerification(format, epc) };
  }
}

/** The ^HV answer for the field read back by ^RFR, or undefined without ^HV. */
function hostVerification(format: string, epc: string): string | undefined {
  const hv = /(\^FH(.))?\^HV(\d+),(\d*),([^,^]*),([^,^]*)/.exec(format);
  if (!hv) return undefined;
  const indicator = hv[2];
  const decode = (text: string) =>
    indicator
      ? text.replace(new RegExp(`\\${indicator}([0-9A-Fa-f]{2})`, 'g'), (_, h: string) =>
          String.fromCharCode(parseInt(h, 16)),
        )
      : text;
  const bytes = hv[4] ? Number(hv[4]) : 64;
  return decode(hv[5]) + epc.slice(0, bytes) + decode(hv[6]);
}
