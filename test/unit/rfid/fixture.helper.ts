/** Reads the session transcripts in fixtures/: "> " lines go to the device, "< " lines come from it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The bytes of one direction of a transcript, concatenated. */
export function transcript(name: string, direction: '<' | '>'): Buffer {
  const text = readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
  const frames = text
    .split('\n')
    .filter((l) => l.startsWith(`${direction} `))
    .map((l) => Buffer.from(l.slice(2).replace(/\s+/g, ''), 'hex'));
  return Buffer.concat(frames);
}
