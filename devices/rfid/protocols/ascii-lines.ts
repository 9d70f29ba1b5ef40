/**
 * `ascii-lines`: readers that print one tag per line (CR, LF or CR LF), e.g.
 * `E28011704000021D35AE4008,-52,1`. A configurable regex with named groups `epc` (required),
 * `rssi` and `antenna` picks the fields; lines that do not match are counted, not guessed.
 */
import { LineFramer } from '../../serial/framing/line-framer';
import type { DecoderStats, RawTagRead, ReadDecoder, ReaderProtocol, ReaderProtocolConfig } from '../types';

/** The default line: EPC, then optional RSSI and antenna, separated by comma, semicolon or spaces. */
export const DEFAULT_ASCII_PATTERN =
  '^\\s*(?<epc>[0-9A-Fa-f]{4,})(?:[,;\\s]+(?<rssi>[-+]?\\d+(?:\\.\\d+)?))?(?:[,;\\s]+(?<antenna>\\d+))?\\s*$';

/** Why `pattern` cannot be used (for config validation), or undefined when it is fine. */
export function checkReaderPattern(pattern: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    return `is not a valid regular expression: ${(err as Error).message}`;
  }
  if (!re.source.includes('(?<epc>')) return 'must have a named group (?<epc>...)';
  return undefined;
}

/** The read in one line, or undefined when it does not match or its EPC is not hex. */
export function parseAsciiLine(line: string, pattern: RegExp): RawTagRead | undefined {
  const groups = pattern.exec(line)?.groups;
  const epc = groups?.epc?.replace(/[\s:-]/g, '');
  if (!groups || !epc || !/^[0-9A-Fa-f]+$/.test(epc)) return undefined;
  const read: RawTagRead = { epc: epc.toUpperCase() };
  const rssi = groups.rssi === undefined ? NaN : Number(groups.rssi);
  if (Number.isFinite(rssi)) read.rssi = rssi;
  const antenna = groups.antenna === undefined ? NaN : Number.parseInt(groups.antenna, 10);
  if (Number.isInteger(antenna)) read.antenna = antenna;
  return read;
}

/** Lines to reads. */
export class AsciiLinesDecoder implements ReadDecoder {
  private readonly framer = new LineFramer({ maxLength: 1024 });
  private unmatched = 0;

  constructor(private readonly pattern: RegExp) {}

  feed(chunk: Buffer): RawTagRead[] {
    const reads: RawTagRead[] = [];
    for (const line of this.framer.feed(chunk)) {
      const read = parseAsciiLine(line.toString('latin1'), this.pattern);
      if (read) reads.push(read);
      else this.unmatched++;
    }
    return reads;
  }

  reset(): void {
    this.framer.reset();
  }

  stats(): DecoderStats {
    return { ...this.framer.stats, unmatched: this.unmatched, deviceErrors: 0 };
  }
}

/** The `ascii-lines` protocol; throws TypeError naming `pattern` when it is unusable. */
export function asciiLines(config: ReaderProtocolConfig = {}): ReaderProtocol {
  const source = config.pattern ?? DEFAULT_ASCII_PATTERN;
  const problem = checkReaderPattern(source);
  if (problem) throw new TypeError(`ascii-lines: pattern ${problem}`);
  const pattern = new RegExp(source);
  return {
    name: 'ascii-lines',
    createDecoder: () => new AsciiLinesDecoder(pattern),
    startCommands: [],
    stopCommands: [],
  };
}
