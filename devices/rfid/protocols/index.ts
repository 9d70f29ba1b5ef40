/** The reader protocol registry: adding a protocol is one file in this folder plus one line here. */
import type { ReaderProtocol, ReaderProtocolConfig } from '../types';
import { asciiLines } from './ascii-lines';
import { uhfBb7e } from './uhf-bb7e';

export const readerProtocols = {
  'ascii-lines': asciiLines,
  'uhf-bb7e': uhfBb7e,
} satisfies Record<string, (config: ReaderProtocolConfig) => ReaderProtocol>;

export type ReaderProtocolName = keyof typeof readerProtocols;

/** Builds the named protocol; throws TypeError for an unknown name or bad settings. */
export function createReaderProtocol(name: string, config: ReaderProtocolConfig = {}): ReaderProtocol {
  if (!Object.hasOwn(readerProtocols, name)) {
    throw new TypeError(
      `unknown reader protocol ${JSON.stringify(name)}: use ${Object.keys(readerProtocols).join(' or ')}`,
    );
  }
  return readerProtocols[name as ReaderProtocolName](config);
}
