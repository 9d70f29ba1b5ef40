/**
 * The simulated barcode scanner's behaviour (runs inside simulator-cli.ts): each scan is written
 * as one line ended by the configured terminator (`--eol crlf|cr|lf`, default crlf).
 * Commands (one a line):
 *   scan TEXT...          the words joined by spaces; <GS> <RS> <FS> <EOT> stand for those bytes
 *   scan-hex HEX          exact bytes of one scan (what the parent's manager sends)
 *   garbage [N=16]        N bytes of line noise, then the terminator
 *   raw HEX               bytes as given, no terminator
 *   auto EVERY_MS HEX[,HEX...]   the demo: one scan after another (`{n}`: a unique number)
 *   auto-off
 */
import type { SimDevice, SimIo } from '../serial/sim-cli';

const NAMED: Record<string, string> = { '<GS>': '\x1d', '<RS>': '\x1e', '<FS>': '\x1c', '<EOT>': '\x04' };
const EOLS: Record<string, string> = { crlf: '\r\n', cr: '\r', lf: '\n' };

/** A simulated line scanner. */
export class ScannerSimDevice implements SimDevice {
  private auto: NodeJS.Timeout | undefined;
  private seed = 0x1b873593;

  constructor(
    private readonly io: SimIo,
    private readonly eol = '\r\n',
  ) {}

  /** The terminator for an --eol value; throws on an unknown one. */
  static eolOf(name: string | undefined): string {
    const eol = EOLS[name ?? 'crlf'];
    if (eol === undefined) throw new TypeError(`--eol ${name}: use crlf, cr or lf`);
    return eol;
  }

  received(chunk: Buffer): void {
    this.io.say(`rx ${chunk.toString('hex')}`); // scanners take no commands; show what arrived
  }

  async command(op: string, args: string[]): Promise<void> {
    switch (op) {
      case 'scan':
        return this.scan(
          Buffer.from(
            args.join(' ').replace(/<GS>|<RS>|<FS>|<EOT>/g, (m) => NAMED[m]),
            'utf8',
          ),
        );
      case 'scan-hex':
        return this.scan(Buffer.from(args[0] ?? '', 'hex'));
      case 'garbage':
        return this.scan(this.noise(Number(args[0] ?? 16)));
      case 'raw':
        return this.io.write(Buffer.from(args.join(''), 'hex'));
      case 'auto':
        return this.startAuto(Number(args[0]), (args[1] ?? '').split(',').filter(Boolean));
      case 'auto-off':
        return this.stop();
      default:
        throw new Error(`unknown command ${op}`);
    }
  }

  stop(): void {
    if (this.auto) clearInterval(this.auto);
    this.auto = undefined;
  }

  private scan(bytes: Buffer): Promise<void> {
    return this.io.write(Buffer.concat([bytes, Buffer.from(this.eol, 'latin1')]));
  }

  private noise(n: number): Buffer {
    const out = Buffer.alloc(Math.max(1, n));
    for (let i = 0; i < out.length; i++) {
      this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
      const b = this.seed >>> 24;
      out[i] = b === 0x0d || b === 0x0a ? 0x00 : b;
    }
    out[0] = 0x00; // at least one byte no barcode carries, so the line is noise for sure
    return out;
  }

  private startAuto(everyMs: number, scans: string[]): void {
    this.stop();
    if (!(everyMs > 0) || scans.length === 0) throw new Error('auto EVERY_MS HEX[,HEX...]');
    let next = 0;
    this.auto = setInterval(() => {
      const scan = Buffer.from(scans[next++ % scans.length], 'hex');
      void this.scan(numbered(scan, Date.now())).catch(() => undefined);
    }, everyMs);
  }
}

/** `{n}` in a scan becomes the time in base 36: component serials never repeat, across restarts too. */
function numbered(scan: Buffer, now: number): Buffer {
  const text = scan.toString('latin1');
  if (!text.includes('{n}')) return scan;
  return Buffer.from(text.replaceAll('{n}', now.toString(36).toUpperCase()), 'latin1');
}
