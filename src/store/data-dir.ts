/**
 * Whether a folder can hold the store: on a real filesystem (not /proc or /sys, where creating a
 * folder fails in ways that made Node's recursive mkdir loop for ever), a folder, writable.
 */
import { accessSync, constants, statSync, statfsSync } from 'node:fs';
import path from 'node:path';

/** statfs type magic numbers of kernel pseudo-filesystems (linux/magic.h). */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
]);

/** Why `dir` cannot hold the store, or undefined when it can (it may not exist yet). */
export function dataDirProblem(dir: string): string | undefined {
  let existing = path.resolve(dir);
  for (;;) {
    try {
      const stat = statSync(existing);
      if (!stat.isDirectory()) {
        return existing === path.resolve(dir) ? 'exists and is not a folder' : `${existing} is not a folder`;
      }
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `cannot be checked: ${(err as Error).message}`;
      const parent = path.dirname(existing);
      if (parent === existing) return 'has no existing parent folder';
      existing = parent;
    }
  }
  const pseudo = PSEUDO_FILESYSTEMS.get(Number(statfsSync(existing).type));
  if (pseudo) return `is on the kernel's ${pseudo} filesystem, which cannot hold files; use a folder on disk`;
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return `${existing} is not writable by this user`;
  }
  return undefined;
}
