/**
 * The one file that touches llrpjs: LLRP messages to bytes and back, in llrpjs's LTK-JSON form
 * ({ id, type, data }). llrpjs encodes an enum name it does not know as 0 without complaint
 * (0 is "Success" in a ConnectionAttemptEvent): callers use the names in constants.ts only.
 */
import { LLRPMessage } from 'llrpjs/dist/src/index';
import { LinegateError } from '../../src/errors';

/** One LLRP message: its type name (e.g. "ADD_ROSPEC"), message ID and parameters. */
export interface LlrpMessage {
  type: string;
  id: number;
  data: Record<string, unknown>;
}

/** The bytes of `message`; throws TypeError when llrpjs cannot build it (a programming mistake). */
export function encodeMessage(message: LlrpMessage): Buffer {
  try {
    return Buffer.from(new LLRPMessage({ ...message }).encode().getBuffer());
  } catch (err) {
    throw new TypeError(`cannot encode LLRP ${message.type}: ${(err as Error).message}`, { cause: err });
  }
}

/** The message in one whole frame (see LlrpFramer); throws LLRP_DECODE_FAILED. */
export function decodeMessage(frame: Buffer): LlrpMessage {
  try {
    const decoded = new LLRPMessage(Buffer.from(frame)).decode().toLLRPData();
    return { type: decoded.type, id: decoded.id, data: decoded.data ?? {} };
  } catch (err) {
    throw new LinegateError('LLRP_DECODE_FAILED', `LLRP message not decoded: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** A repeated parameter as an array (llrpjs gives one occurrence as a plain object). */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The object under `key`, or undefined when it is absent or not an object. */
export function param(data: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
