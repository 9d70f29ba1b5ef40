/**
 * `uhf-bb7e`: the serial protocol of the common UHF RFID modules (frame BB type cmd lenH lenL
 * params checksum 7E, see serial/framing/bb7e-framer.ts). The driver starts multi-polling after
 * every connect; the module then sends one notice per tag read:
 *   BB 02 22 lenH lenL RSSI PC(2) EPC(n) CRC(2) checksum 7E
 * RSSI is a signed byte in dBm; CRC is the tag's EPC Gen2 CRC-16 over PC and EPC.
 * These modules have one antenna and do not report it, so reads carry no antenna number.
 */
import { Bb7eFramer, encodeBb7e, type Bb7eFrame } from '../../serial/framing/bb7e-framer';
import type { DecoderStats, RawTagRead, ReadDecoder, ReaderProtocol } from '../types';

export const TYPE_COMMAND = 0x00;
export const TYPE_RESPONSE = 0x01;
export const TYPE_NOTICE = 0x02;
export const CMD_SINGLE_POLL = 0x22;
export const CMD_MULTI_POLL = 0x27;
export const CMD_STOP_MULTI_POLL = 0x28;
export const CMD_ERROR = 0xff;
/** error code of an inventory round that found no tag. */
export const ERR_NO_TAG = 0x15;

/** Single poll: `BB 00 22 00 00 22 7E`. */
export function singlePollCommand(): Buffer {
  return encodeBb7e(TYPE_COMMAND, CMD_SINGLE_POLL);
}

/** Multi-poll for `rounds` inventory rounds (reserved byte 0x22 first): 10000 gives `BB 00 27 00 03 22 27 10 83 7E`. */
export function multiPollCommand(rounds = 10_000): Buffer {
  return encodeBb7e(TYPE_COMMAND, CMD_MULTI_POLL, Buffer.from([0x22, (rounds >> 8) & 0xff, rounds & 0xff]));
}

/** Stop multi-poll: `BB 00 28 00 00 28 7E`. */
export function stopMultiPollCommand(): Buffer {
  return encodeBb7e(TYPE_COMMAND, CMD_STOP_MULTI_POLL);
}

/** EPC Gen2 CRC-16 (CRC-CCITT polynomial 0x1021, preset 0xFFFF, complemented) over PC + EPC. */
export function gen2Crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc ^ 0xffff;
}

/** A tag notice as the module sends it (the simulator's encoder). PC defaults to the EPC length in words. */
export function tagNotice(read: { epc: string; rssi: number; pc?: number }): Buffer {
  const epc = Buffer.from(read.epc, 'hex');
  const pc = read.pc ?? (epc.length / 2) << 11; // PC bits 15-11: EPC length in 16-bit words
  const pcEpc = Buffer.concat([Buffer.from([pc >> 8, pc & 0xff]), epc]);
  const crc = gen2Crc16(pcEpc);
  const rssi = Math.max(-128, Math.min(127, Math.round(read.rssi))) & 0xff;
  const params = Buffer.concat([Buffer.from([rssi]), pcEpc, Buffer.from([crc >> 8, crc & 0xff])]);
  return encodeBb7e(TYPE_NOTICE, CMD_SINGLE_POLL, params);
}

/** The read in a tag notice, or undefined when the frame is not one. */
export function parseTagNotice(frame: Bb7eFrame): RawTagRead | undefined {
  if (frame.type !== TYPE_NOTICE || frame.command !== CMD_SINGLE_POLL) return undefined;
  const p = frame.params;
  if (p.length < 7) return undefined; // RSSI + PC + at least one EPC word + CRC
  return {
    rssi: p.readInt8(0),
    pc: p.readUInt16BE(1),
    epc: p
      .subarray(3, p.length - 2)
      .toString('hex')
      .toUpperCase(),
  };
}

/** Frames to reads, counting error responses and frames that are not tag notices. */
export class UhfBb7eDecoder implements ReadDecoder {
  private readonly framer = new Bb7eFramer();
  private unmatched = 0;
  private deviceErrors = 0;

  feed(chunk: Buffer): RawTagRead[] {
    const reads: RawTagRead[] = [];
    for (const frame of this.framer.feed(chunk)) {
      const read = parseTagNotice(frame);
      if (read) reads.push(read);
      else if (frame.type === TYPE_RESPONSE && frame.command === CMD_ERROR) this.deviceErrors++;
      else if (frame.type === TYPE_NOTICE) this.unmatched++;
      // other responses (to our stop command, say) need no action
    }
    return reads;
  }

  reset(): void {
    this.framer.reset();
  }

  stats(): DecoderStats {
    return { ...this.framer.stats, unmatched: this.unmatched, deviceErrors: this.deviceErrors };
  }
}

/** The `uhf-bb7e` protocol. */
export function uhfBb7e(): ReaderProtocol {
  return {
    name: 'uhf-bb7e',
    createDecoder: () => new UhfBb7eDecoder(),
    startCommands: [multiPollCommand()],
    stopCommands: [stopMultiPollCommand()],
    // Multi-poll stops after its round count, however fast the module polls: re-arm it.
    rearmMs: 60_000,
  };
}
