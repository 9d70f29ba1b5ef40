import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Fault } from './fault';

/** Every fault case in `cases/*.fault.ts`, in file then declaration order. */
export function loadFaults(): Fault[] {
  const dir = path.join(__dirname, 'cases');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.fault.ts'))
    .sort();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return files.flatMap((f) => (require(path.join(dir, f)) as { faults: Fault[] }).faults);
}
