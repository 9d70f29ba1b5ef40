/**
 * The behaviour of a Zebra printer, without any wire: parses the byte stream, answers ~HS and
 * ~HQES as a real printer does (ZPL manual, ~HS and ~HQ), keeps formats in a receive buffer and
 * "prints" them one label at a time, and lets tests inject faults. Used by VirtualZebra (TCP)
 * and by simulator-cli.ts on a device path.
 */
import { EventEmitter } from 'node:events';
import { SimTagWriter, type RfidFaults } from './sim-rfid';
import { formatErrorStatus } from './status';

/** Faults and behaviours that can be switched on and off. */
export interface SimFaults extends RfidFaults {
  paperOut: boolean;
  headOpen: boolean;
  paused: boolean;
  ribbonOut: boolean;
  bufferFull: boolean;
  /** answers nothing at all. */
  silent: boolean;
  /** delay before each answer, in ms (0: none). */
  slowMs: number;
}

/** Engine settings. */
export interface SimOptions {
  /** answers ~HQES (default true); older firmware and other brands' ZPL emulations do not. */
  errorStatus?: boolean;
  /** time to answer a status query, in ms (default 0); faults.slowMs adds to it. */
  answerMs?: number;
  /** time to print one label (default 50 ms). */
  printMs?: number;
  /** keep at most this many printed formats (default: all, for tests). */
  historyLimit?: number;
  /** a real printer answers nothing while paper is out or the head is open (default true). */
  silentWhenFaulted?: boolean;
}

/** Events of the engine. */
export interface SimEvents {
  /** bytes the printer sends back. */
  output: [bytes: Buffer];
  /** a format has printed (all of its labels). */
  printed: [format: Buffer];
  /** a whole format has arrived in the receive buffer (it prints next). */
  received: [format: Buffer];
}

/**
 * Printer variants for tests, benchmarks and the demo (`options: { profile: NAME }`): one entry
 * per kind of printer met in the field.
 */
export const SIM_PROFILES: Readonly<Record<string, SimOptions>> = {
  /** a current Zebra: answers ~HS and ~HQES at once, prints a label in 50 ms. */
  zebra: {},
  /** older Zebra firmware: ~HS only. */
  'older-firmware': { errorStatus: false },
  /** another brand's ZPL emulation: ~HS only, a little slower to answer. */
  'zpl-emulation': { errorStatus: false, answerMs: 15 },
  /** a slow printer: 40 ms to answer, 400 ms a label. */
  slow: { answerMs: 40, printMs: 400 },
  /** a fast printer: answers at once, 10 ms a label. */
  fast: { answerMs: 0, printMs: 10 },
};

/** The most commands a simulator remembers (wire()). */
const WIRE_LIMIT = 1000;

const STX = '\x02';
const ETX_CRLF = '\x03\r\n';

/** A simulated Zebra printer's logic. */
export class ZebraEngine extends EventEmitter<SimEvents> {
  readonly faults: SimFaults = {
    paperOut: false,
    headOpen: false,
    paused: false,
    ribbonOut: false,
    bufferFull: false,
    silent: false,
    slowMs: 0,
    rfidFail: false,
    rfidStale: false,
  };
  /** the tags of RFID labels: what was encoded, how many labels were voided. */
  readonly tags = new SimTagWriter();
  private pending = '';
  private format: string | undefined;
  private readonly queue: string[] = [];
  private current: { format: string; remaining: number } | undefined;
  private printTimer: NodeJS.Timeout | undefined;
  private readonly answerTimers = new Set<NodeJS.Timeout>();
  private readonly done: Buffer[] = [];
  private readonly commands: string[] = [];

  constructor(private readonly options: SimOptions = {}) {
    super();
  }

  /**
   * What came over the wire, in order: "~HS", "~HQES", "~JA" and "format" for each whole format
   * (the latest 1000).
   */
  wire(): string[] {
    return [...this.commands];
  }

  /** Every format printed so far, in order. */
  printed(): Buffer[] {
    return [...this.done];
  }

  /** Changes the time one label takes to print, from the next label on. */
  setPrintMs(ms: number): void {
    this.options.printMs = ms;
  }

  /** Changes faults; printing resumes when nothing blocks it any more. */
  setFaults(change: Partial<SimFaults>): void {
    Object.assign(this.faults, change);
    this.pump();
  }

  /** Feeds bytes received from the host. */
  feed(chunk: Buffer): void {
    this.pending += chunk.toString('latin1');
    let i = 0;
    for (; i < this.pending.length; i++) {
      const rest = this.pending.length - i;
      const ch = this.pending[i];
      if (ch === '~') {
        if (rest < 3) break;
        const cmd = this.pending.slice(i + 1, i + 3).toUpperCase();
        if (cmd === 'HQ' && rest < 5) break;
        if (this.control(cmd, this.pending.slice(i + 3, i + 5).toUpperCase())) {
          i += cmd === 'HQ' ? 4 : 2;
          continue;
        }
      } else if (ch === '^' && rest < 3) {
        break;
      } else if (
        ch === '^' &&
        this.pending.slice(i + 1, i + 3).toUpperCase() === 'XA' &&
        this.format === undefined
      ) {
        this.format = '';
      } else if (
        ch === '^' &&
        this.pending.slice(i + 1, i + 3).toUpperCase() === 'XZ' &&
        this.format !== undefined
      ) {
        this.note('format');
        this.queue.push(`${this.format}^XZ`);
        this.emit('received', Buffer.from(`${this.format}^XZ`, 'latin1'));
        this.format = undefined;
        i += 2;
        this.pump();
        continue;
      }
      if (this.format !== undefined) this.format += ch;
    }
    this.pending = this.pending.slice(i);
  }

  /** Drops a partly received command or format (its connection was reset before it ended). */
  resetInput(): void {
    this.pending = '';
    this.format = undefined;
  }

  /** Clears timers (printing stops, pending answers are dropped). */
  stop(): void {
    if (this.printTimer) clearTimeout(this.printTimer);
    this.printTimer = undefined;
    for (const t of this.answerTimers) clearTimeout(t);
    this.answerTimers.clear();
  }

  /** The three ~HS strings for the current state, framed as the printer sends them. */
  hostStatusAnswer(): string {
    const f = this.faults;
    const b = (v: boolean) => (v ? '1' : '0');
    const formats = String(this.queue.length).padStart(3, '0');
    const labels = String(this.current?.remaining ?? 0).padStart(8, '0');
    const s1 = `030,${b(f.paperOut)},${b(f.paused)},1225,${formats},${b(f.bufferFull)},0,0,000,0,0,0`;
    const s2 = `001,0,${b(f.headOpen)},${b(f.ribbonOut)},1,2,6,0,${labels},1,000`;
    return [s1, s2, '1234,0'].map((s) => STX + s + ETX_CRLF).join('');
  }

  /** The ~HQES answer for the current state. */
  errorStatusAnswer(): string {
    const f = this.faults;
    const flags = (f.paperOut ? 0x1 : 0) | (f.ribbonOut ? 0x2 : 0) | (f.headOpen ? 0x4 : 0);
    return STX + formatErrorStatus(flags, 0) + ETX_CRLF;
  }

  private control(cmd: string, sub: string): boolean {
    if (cmd === 'HS') this.answer(() => this.hostStatusAnswer());
    else if (cmd === 'HQ' && sub === 'ES') {
      if (this.options.errorStatus !== false) this.answer(() => this.errorStatusAnswer());
    } else if (cmd === 'JA') this.cancelAll();
    else return false;
    this.note(`~${cmd}${cmd === 'HQ' ? sub : ''}`);
    return true;
  }

  private note(command: string): void {
    this.commands.push(command);
    if (this.commands.length > WIRE_LIMIT) this.commands.splice(0, this.commands.length - WIRE_LIMIT);
  }

  private answer(text: () => string): void {
    const f = this.faults;
    const mute = f.silent || ((this.options.silentWhenFaulted ?? true) && (f.paperOut || f.headOpen));
    if (mute) return;
    const delay = f.slowMs + (this.options.answerMs ?? 0);
    if (delay <= 0) return void this.emit('output', Buffer.from(text(), 'latin1'));
    const timer = setTimeout(() => {
      this.answerTimers.delete(timer);
      this.emit('output', Buffer.from(text(), 'latin1'));
    }, delay);
    this.answerTimers.add(timer);
  }

  /** ~JA: cancel all formats in the buffer and the batch in progress. */
  private cancelAll(): void {
    this.queue.length = 0;
    this.current = undefined;
    if (this.printTimer) clearTimeout(this.printTimer);
    this.printTimer = undefined;
  }

  private blocked(): boolean {
    const f = this.faults;
    return f.paperOut || f.headOpen || f.paused || f.ribbonOut;
  }

  /** Starts the next label when the printer is free and nothing blocks it. */
  private pump(): void {
    if (this.printTimer || this.blocked()) return;
    if (!this.current) {
      const format = this.queue.shift();
      if (format === undefined) return;
      const qty = /\^PQ(\d+)/i.exec(format);
      this.current = { format, remaining: qty ? Math.max(1, Number(qty[1])) : 1 };
    }
    const printMs = this.options.printMs ?? 50;
    if (printMs <= 0) return this.labelDone();
    this.printTimer = setTimeout(() => {
      this.printTimer = undefined;
      this.labelDone();
    }, printMs);
  }

  private labelDone(): void {
    const job = this.current;
    if (!job) return;
    if (this.blocked()) return; // paper ran out mid-label: it prints when the fault clears
    const tag = this.tags.label(job.format, this.faults);
    if (tag?.output) this.emit('output', Buffer.from(tag.output, 'latin1'));
    if (tag?.voided && tag.stop) {
      // ^RS error mode: the voided label ends the format and the printer stops until cleared.
      this.current = undefined;
      this.faults.paused = true;
      return;
    }
    job.remaining--;
    if (tag?.voided) {
      // ^RS error handling N: voided silently, and the format goes on; no label counts as printed.
      if (job.remaining === 0) this.current = undefined;
      return this.pump();
    }
    if (job.remaining === 0) {
      this.current = undefined;
      const bytes = Buffer.from(job.format, 'latin1');
      this.done.push(bytes);
      // A virtual printer that runs for days (the demo) keeps its latest labels, not all of them.
      const limit = this.options.historyLimit;
      if (limit !== undefined && this.done.length > limit) this.done.splice(0, this.done.length - limit);
      this.emit('printed', bytes);
    }
    this.pump();
  }
}
