/**
 * Zebra status answers, parsed by field position.
 *
 * ~HS answers three strings (ZPL manual, ~HS "Host Status Return"):
 *   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l  communication settings, paper out, pause, label length
 *      (dots), formats in receive buffer, buffer full, diagnostic mode, partial format, unused,
 *      corrupt RAM, under temperature, over temperature
 *   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www  function settings, unused, head up, ribbon out, thermal
 *      transfer, print mode, print width mode, label waiting, labels remaining in batch, format
 *      while printing, graphics stored
 *   3: xxxx,y  password, static RAM installed
 * ~HQES answers "PRINTER STATUS / ERRORS: f gggggggg hhhhhhhh / WARNINGS: …" in one frame; the
 * last 8 hex digits are group 1 flags (ZPL manual, ~HQ, "Error Flags" and "Warning Flags").
 */
import type { PrinterStatus } from '../../src/ports';

/** Every field of a ~HS answer. */
export interface HostStatus extends PrinterStatus {
  communicationSettings: number;
  labelLengthDots: number;
  diagnosticMode: boolean;
  partialFormat: boolean;
  corruptRam: boolean;
  underTemperature: boolean;
  overTemperature: boolean;
  functionSettings: number;
  thermalTransfer: boolean;
  printMode: number;
  printWidthMode: number;
  labelWaiting: boolean;
  formatWhilePrinting: boolean;
  graphicsStored: number;
  password: string;
  staticRam: boolean;
}

/** Decoded ~HQES error and warning flags. */
export interface ErrorStatus {
  errorFlags: number;
  warningFlags: number;
  /** names of the error flags set, e.g. ["media out", "head open"]. */
  errors: string[];
  warnings: string[];
}

/** ~HQES group 1 error bits (ZPL manual, ~HQ Table "Error Flags"; nibbles 4-5 are KR403 only). */
export const ERROR_FLAGS: ReadonlyArray<[number, string]> = [
  [0x1, 'media out'],
  [0x2, 'ribbon out'],
  [0x4, 'head open'],
  [0x8, 'cutter fault'],
  [0x10, 'printhead over temperature'],
  [0x20, 'motor over temperature'],
  [0x40, 'bad printhead element'],
  [0x80, 'printhead detection error'],
  [0x100, 'invalid firmware configuration'],
  [0x200, 'printhead thermistor open'],
  [0x1000, 'paper jam during retract'],
  [0x2000, 'presenter not running'],
  [0x4000, 'paper feed error'],
  [0x8000, 'clear paper path failed'],
  [0x10000, 'paused'],
  [0x20000, 'retract function timed out'],
  [0x40000, 'black mark calibrate error'],
  [0x80000, 'black mark not found'],
];

/** ~HQES group 1 warning bits (ZPL manual, ~HQ Table "Warning Flags"). */
export const WARNING_FLAGS: ReadonlyArray<[number, string]> = [
  [0x1, 'need to calibrate media'],
  [0x2, 'clean printhead'],
  [0x4, 'replace printhead'],
  [0x8, 'paper near end'],
];

/** Field counts of the three ~HS strings. */
const HS_FIELDS = [12, 11, 2] as const;

/** What each field of the three ~HS strings may hold: a count of digits, a 0/1 flag, a mode. */
const num = (width: number) => new RegExp(`^\\d{1,${width}}$`);
const FLAG = /^[01]$/;
const HS_SHAPES: readonly (readonly RegExp[])[] = [
  [num(3), FLAG, FLAG, num(5), num(3), FLAG, FLAG, FLAG, num(3), FLAG, FLAG, FLAG],
  [num(3), num(1), FLAG, FLAG, FLAG, /^[0-9A-Z]$/, num(1), FLAG, num(8), FLAG, num(3)],
  [num(4), FLAG],
];

/**
 * Parses the three ~HS strings (frame texts without STX/ETX) by field position. Strict: a field
 * that is not what the manual says it is (a flag other than 0/1, a count that is not digits)
 * throws RangeError, since garbage read as zeros would confirm labels that never printed.
 */
export function parseHostStatus(strings: readonly [string, string, string]): HostStatus {
  const [s1, s2, s3] = strings.map((s, i) => fields(s, i));
  const flag = (v: string) => v === '1';
  return {
    communicationSettings: int(s1[0]),
    paperOut: flag(s1[1]),
    paused: flag(s1[2]),
    labelLengthDots: int(s1[3]),
    formatsInBuffer: int(s1[4]),
    bufferFull: flag(s1[5]),
    diagnosticMode: flag(s1[6]),
    partialFormat: flag(s1[7]),
    corruptRam: flag(s1[9]),
    underTemperature: flag(s1[10]),
    overTemperature: flag(s1[11]),
    functionSettings: int(s2[0]),
    headOpen: flag(s2[2]),
    ribbonOut: flag(s2[3]),
    thermalTransfer: flag(s2[4]),
    printMode: parseInt(s2[5], 36),
    printWidthMode: int(s2[6]),
    labelWaiting: flag(s2[7]),
    labelsRemaining: int(s2[8]),
    formatWhilePrinting: flag(s2[9]),
    graphicsStored: int(s2[10]),
    password: s3[0],
    staticRam: flag(s3[1]),
  };
}

/** Parses a ~HQES frame text; undefined when it is not one. */
export function parseErrorStatus(text: string): ErrorStatus | undefined {
  const err = /ERRORS:\s*(\d)\s+([0-9A-Fa-f]{8})\s+([0-9A-Fa-f]{8})/.exec(text);
  const warn = /WARNINGS:\s*(\d)\s+([0-9A-Fa-f]{8})\s+([0-9A-Fa-f]{8})/.exec(text);
  if (!err || !warn) return undefined;
  const errorFlags = err[1] === '1' ? parseInt(err[3], 16) : 0;
  const warningFlags = warn[1] === '1' ? parseInt(warn[3], 16) : 0;
  return {
    errorFlags,
    warningFlags,
    errors: ERROR_FLAGS.filter(([bit]) => errorFlags & bit).map(([, name]) => name),
    warnings: WARNING_FLAGS.filter(([bit]) => warningFlags & bit).map(([, name]) => name),
  };
}

/** The ~HQES text for the given flags, as a printer sends it inside STX/ETX. */
export function formatErrorStatus(errorFlags: number, warningFlags: number): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
  return (
    `\r\n  PRINTER STATUS\r\n` +
    `    ERRORS:         ${errorFlags ? 1 : 0} 00000000 ${hex(errorFlags)}\r\n` +
    `    WARNINGS:       ${warningFlags ? 1 : 0} 00000000 ${hex(warningFlags)}\r\n`
  );
}

/** How many comma-separated fields a frame has (to tell the three ~HS strings apart). */
export function fieldCount(text: string): number {
  return text.split(',').length;
}

/** The header an RFID label's ^HV read-back starts with (inside STX … ETX). */
export const EPC_HEADER = 'EPC:';

/** One answer assembled from frames, or an unreadable one. */
export type StatusAnswer =
  | { kind: 'hs'; status: HostStatus }
  | { kind: 'hqes'; status: ErrorStatus }
  /** an RFID label's read-back EPC (^HV with the header EPC_HEADER, framed in STX/ETX). */
  | { kind: 'epc'; epc: string }
  /** a frame or answer that is no valid ~HS or ~HQES answer: the printer's state is unknown. */
  | { kind: 'bad'; error: string };

/** Groups frames into answers: three ~HS strings in a row, or one ~HQES frame. */
export class StatusAssembler {
  private partial: string[] = [];

  /** Feeds one frame text; returns a completed (or unreadable) answer, if this frame ended one. */
  push(frame: string): StatusAnswer | undefined {
    if (frame.startsWith(EPC_HEADER)) {
      this.partial = [];
      const epc = frame.slice(EPC_HEADER.length);
      if (/^[0-9A-Fa-f]*$/.test(epc)) return { kind: 'epc', epc: epc.toUpperCase() };
      return { kind: 'bad', error: `unreadable RFID read-back ${quote(frame)}` };
    }
    const hqes = parseErrorStatus(frame);
    if (hqes) {
      this.partial = [];
      return { kind: 'hqes', status: hqes };
    }
    const n = fieldCount(frame);
    // String 1 has exactly 12 fields; later firmware may append fields to strings 2 and 3.
    if (n === HS_FIELDS[0]) this.partial = [frame];
    else if (this.partial.length > 0 && n >= HS_FIELDS[this.partial.length]) this.partial.push(frame);
    else if (this.partial.length > 0 || n < HS_FIELDS[2]) {
      const got = this.partial.length;
      this.partial = [];
      return { kind: 'bad', error: `unexpected status frame ${quote(frame)} (after ${got} ~HS strings)` };
    } else return undefined; // the tail of an answer whose start was lost (after a resync): skip it
    if (this.partial.length < 3) return undefined;
    const strings = this.partial as [string, string, string];
    this.partial = [];
    try {
      return { kind: 'hs', status: parseHostStatus(strings) };
    } catch (err) {
      return { kind: 'bad', error: (err as Error).message };
    }
  }

  /** Forgets a partial answer. */
  reset(): void {
    this.partial = [];
  }
}

function fields(text: string, index: number): string[] {
  const parts = text.split(',');
  const shape = HS_SHAPES[index];
  if (parts.length < shape.length)
    throw new RangeError(`~HS string ${index + 1} has ${parts.length} fields, expected ${shape.length}`);
  shape.forEach((re, i) => {
    if (!re.test(parts[i]))
      throw new RangeError(`~HS string ${index + 1} field ${i + 1} is ${quote(parts[i])}, not ${re.source}`);
  });
  return parts;
}

function int(v: string): number {
  return parseInt(v, 10);
}

/** A frame or field for an error message: printable, and short. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
