/**
 * The simulated RFID reader's behaviour (runs inside simulator-cli.ts). uhf-bb7e: it answers
 * start/stop multi-poll and single poll like a module, and sends tag notices only while polling
 * (reads asked for while not polling wait, as a tag in the field waits for the next inventory).
 * ascii-lines: it prints `EPC,RSSI,ANTENNA` CR LF at once.
 * Commands (one a line):
 *   tag EPC [RSSI=-50] [ANTENNA=1] [COUNT=1]   the tag is read COUNT times
 *   garbage [N=16]                              N bytes of line noise (ascii: then CR LF)
 *   badframe                                    a frame with a bad checksum (ascii: a line that is no tag)
 *   raw HEX                                     bytes as given
 *   auto EVERY_MS EPC[,EPC...] [READS=5]        the demo: one tag after another passes by
 *   auto-off
 *   blast FRAMES [EPCS=100]                     FRAMES tag reads as fast as the pty takes them (bench)
 */
import { Bb7eFramer, type Bb7eFrame } from '../serial/framing/bb7e-framer';
import type { SimDevice, SimIo } from '../serial/sim-cli';
import { CMD_MULTI_POLL, CMD_SINGLE_POLL, CMD_STOP_MULTI_POLL, tagNotice } from './protocols/uhf-bb7e';

/** What the simulator can speak. */
export type SimReaderProtocol = 'uhf-bb7e' | 'ascii-lines';

const STOP_OK = Buffer.from('bb01280001002a7e', 'hex');
const NO_TAG = Buffer.from('bb01ff000115167e', 'hex');

/** A simulated reader of either protocol. */
export class RfidSimDevice implements SimDevice {
  private readonly framer = new Bb7eFramer();
  private polling = false;
  private waiting: Buffer[] = [];
  private auto: NodeJS.Timeout | undefined;
  private seed = 0x2545f491;

  constructor(
    private readonly protocol: SimReaderProtocol,
    private readonly io: SimIo,
  ) {}

  received(chunk: Buffer): void {
    this.io.say(`rx ${chunk.toString('hex')}`);
    if (this.protocol !== 'uhf-bb7e') return;
    for (const frame of this.framer.feed(chunk)) void this.handle(frame).catch(() => undefined);
  }

  async command(op: string, args: string[]): Promise<void> {
    switch (op) {
      case 'tag':
        return this.tag(args);
      case 'garbage':
        return this.send(this.garbage(Number(args[0] ?? 16)), true);
      case 'badframe':
        return this.send(this.badFrame(), true);
      case 'raw':
        return this.send(Buffer.from(args.join(''), 'hex'), true);
      case 'auto':
        return this.startAuto(
          Number(args[0]),
          (args[1] ?? '').split(',').filter(Boolean),
          Number(args[2] ?? 5),
        );
      case 'auto-off':
        return this.stop();
      case 'blast':
        return this.blast(Number(args[0]), Number(args[1] ?? 100));
      default:
        throw new Error(`unknown command ${op}`);
    }
  }

  reset(): void {
    this.polling = false; // power-cycled: the gateway must start polling again
    this.waiting = [];
    this.framer.reset();
  }

  stop(): void {
    if (this.auto) clearInterval(this.auto);
    this.auto = undefined;
  }

  /** The bytes of one read in this simulator's protocol. */
  encode(epc: string, rssi: number, antenna: number): Buffer {
    if (this.protocol === 'uhf-bb7e') return tagNotice({ epc, rssi });
    return Buffer.from(`${epc.toUpperCase()},${rssi},${antenna}\r\n`, 'latin1');
  }

  private async handle(frame: Bb7eFrame): Promise<void> {
    if (frame.type !== 0x00) return;
    if (frame.command === CMD_MULTI_POLL) {
      this.polling = true;
      this.io.say('polling on');
      const held = this.waiting;
      this.waiting = [];
      if (held.length > 0) await this.io.write(Buffer.concat(held));
    } else if (frame.command === CMD_STOP_MULTI_POLL) {
      this.polling = false;
      this.io.say('polling off');
      await this.io.write(STOP_OK);
    } else if (frame.command === CMD_SINGLE_POLL) {
      this.io.say('single poll');
      await this.io.write(this.waiting.shift() ?? NO_TAG);
    }
  }

  private async tag(args: string[]): Promise<void> {
    const [epc, rssi = '-50', antenna = '1', count = '1'] = args;
    if (!epc || !/^([0-9A-Fa-f]{4})+$/.test(epc)) throw new Error('tag EPC must be hex, whole 16-bit words');
    const one = this.encode(epc, Number(rssi), Number(antenna));
    await this.send(Buffer.concat(Array.from({ length: Math.max(1, Number(count)) }, () => one)), false);
  }

  /** Writes now, or holds tag reads until polling starts (uhf-bb7e). */
  private async send(bytes: Buffer, always: boolean): Promise<void> {
    if (this.protocol === 'uhf-bb7e' && !this.polling && !always) {
      this.waiting.push(bytes);
      this.io.say('held (not polling)');
      return;
    }
    await this.io.write(bytes);
  }

  private garbage(n: number): Buffer {
    const out = Buffer.alloc(Math.max(0, n));
    for (let i = 0; i < out.length; i++) {
      this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0; // deterministic noise
      out[i] = this.seed >>> 24;
    }
    if (this.protocol === 'uhf-bb7e') return out;
    for (let i = 0; i < out.length; i++) if (out[i] === 0x0d || out[i] === 0x0a) out[i] = 0x00;
    return Buffer.concat([out, Buffer.from('\r\n')]);
  }

  private badFrame(): Buffer {
    if (this.protocol !== 'uhf-bb7e') return Buffer.from('NOT A TAG LINE\r\n');
    const frame = tagNotice({ epc: 'E2000000000000000000BAD0', rssi: -60 });
    frame[frame.length - 2] ^= 0xff;
    return frame;
  }

  private startAuto(everyMs: number, epcs: string[], reads: number): void {
    this.stop();
    if (!(everyMs > 0) || epcs.length === 0) throw new Error('auto EVERY_MS EPC[,EPC...] [READS]');
    let next = 0;
    this.auto = setInterval(() => {
      const epc = epcs[next++ % epcs.length];
      void this.tag([epc, String(-45 - (next % 20)), '1', String(reads)]).catch(() => undefined);
    }, everyMs);
  }

  private async blast(frames: number, epcs: number): Promise<void> {
    const reads: Buffer[] = [];
    for (let i = 0; i < Math.max(1, epcs); i++) {
      reads.push(this.encode(`E280${i.toString(16).toUpperCase().padStart(20, '0')}`, -40 - (i % 30), 1));
    }
    let sent = 0;
    while (sent < frames) {
      const batch: Buffer[] = [];
      for (let k = 0; k < 2048 && sent < frames; k++, sent++) batch.push(reads[sent % reads.length]);
      await this.io.write(Buffer.concat(batch));
    }
    this.io.say(`blasted ${frames}`);
  }
}
