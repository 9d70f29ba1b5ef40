/**
 * node-opcua prints its own warnings and errors to the console (certificate dumps, W-codes).
 * `routeOpcuaLibraryLogs` sends them through the gateway's pino logger instead: process-wide, so
 * the composition root calls it once. Library warnings go to debug (linegate logs what matters
 * itself, e.g. an untrusted certificate with its thumbprint); library errors go to warn.
 */
import { format } from 'node:util';
import { setErrorLogger, setWarningLogger } from 'node-opcua';
import type { Logger } from '../../src/ports';

// eslint-disable-next-line no-control-regex -- chalk colour codes in node-opcua's messages
const ANSI = /\u001b\[[0-9;]*m/g;

function text(args: unknown[]): string {
  return format(...args)
    .replace(ANSI, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Routes node-opcua's console output to `log` (child `{ lib: 'node-opcua' }`). */
export function routeOpcuaLibraryLogs(log: Logger): void {
  const lib = log.child({ lib: 'node-opcua' });
  setWarningLogger((...args: unknown[]) => lib.debug(text(args)));
  setErrorLogger((...args: unknown[]) => lib.warn(text(args)));
}
