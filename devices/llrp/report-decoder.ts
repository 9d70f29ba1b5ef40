/**
 * A direct decoder for RO_ACCESS_REPORT, the one message a reader sends hundreds of times a
 * second: llrpjs builds a full object tree per message (about 2,000 reports/s on this project's
 * benchmark machine), this walks the bytes (LLRP 1.0.1 §13.2.3, §16.2.7.3). Only what presence
 * needs is read: the EPC, the antenna and the peak RSSI. A report it cannot walk (a TV parameter
 * it does not know, a length that does not add up) returns undefined and the caller falls back to
 * llrpjs, so nothing is guessed.
 */
import type { RawTagRead } from '../rfid/types';

/** LLRP message type of RO_ACCESS_REPORT. */
export const RO_ACCESS_REPORT = 61;
const TAG_REPORT_DATA = 240;
const EPC_DATA = 241;
const TV_ANTENNA_ID = 1;
const TV_PEAK_RSSI = 6;
const TV_EPC_96 = 13;

/** Value lengths of the TV parameters of LLRP 1.0.1 (type -> bytes). */
const TV_LENGTH: Record<number, number> = {
  1: 2, // AntennaID
  2: 8, // FirstSeenTimestampUTC
  3: 8, // FirstSeenTimestampUptime
  4: 8, // LastSeenTimestampUTC
  5: 8, // LastSeenTimestampUptime
  6: 1, // PeakRSSI
  7: 2, // ChannelIndex
  8: 2, // TagSeenCount
  9: 4, // ROSpecID
  10: 2, // InventoryParameterSpecID
  11: 2, // C1G2_CRC
  12: 2, // C1G2_PC
  13: 12, // EPC-96
  14: 2, // SpecIndex
  15: 2, // ClientRequestOpSpecResult
  16: 4, // AccessSpecID
  17: 2, // OpSpecID
  18: 4, // C1G2SingulationDetails
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function hexOf(buf: Buffer, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[buf[i]];
  return s;
}

/** The reads in a whole RO_ACCESS_REPORT frame, or undefined when it must go to the full decoder. */
export function decodeTagReport(frame: Buffer): RawTagRead[] | undefined {
  if ((frame.readUInt16BE(0) & 0x03ff) !== RO_ACCESS_REPORT) return undefined;
  const reads: RawTagRead[] = [];
  let at = 10;
  while (at < frame.length) {
    if (frame[at] & 0x80 || frame.length - at < 4) return undefined; // a TV at message level: not ours
    const type = frame.readUInt16BE(at) & 0x03ff;
    const length = frame.readUInt16BE(at + 2);
    if (length < 4 || at + length > frame.length) return undefined;
    if (type === TAG_REPORT_DATA) {
      const read = tagReportData(frame, at + 4, at + length);
      if (!read) return undefined;
      if (read.epc) reads.push(read);
    }
    at += length; // other parameters (RFSurveyReportData, Custom) carry no tag read
  }
  return reads;
}

/** One TagReportData's read; epc '' when it has none; undefined when it cannot be walked. */
function tagReportData(frame: Buffer, start: number, end: number): RawTagRead | undefined {
  const read: RawTagRead = { epc: '' };
  let at = start;
  while (at < end) {
    const first = frame[at];
    if (first & 0x80) {
      const type = first & 0x7f;
      const length = TV_LENGTH[type];
      if (length === undefined || at + 1 + length > end) return undefined;
      if (type === TV_EPC_96) read.epc = hexOf(frame, at + 1, at + 13);
      else if (type === TV_ANTENNA_ID) read.antenna = frame.readUInt16BE(at + 1);
      else if (type === TV_PEAK_RSSI) read.rssi = frame.readInt8(at + 1);
      at += 1 + length;
      continue;
    }
    if (end - at < 4) return undefined;
    const type = frame.readUInt16BE(at) & 0x03ff;
    const length = frame.readUInt16BE(at + 2);
    if (length < 4 || at + length > end) return undefined;
    if (type === EPC_DATA) {
      if (length < 6) return undefined;
      const bits = frame.readUInt16BE(at + 4);
      const bytes = Math.ceil(bits / 8);
      if (6 + bytes > length) return undefined;
      read.epc = hexOf(frame, at + 6, at + 6 + bytes);
    }
    at += length; // OpSpecResults, Custom: nothing presence needs
  }
  return read;
}
