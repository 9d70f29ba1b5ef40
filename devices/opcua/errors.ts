/** Helpers of the OPC UA family's failures (codes OPCUA_* in src/errors.ts). */
import { LinegateError } from '../../src/errors';

/** Resolves or rejects like `promise`, but rejects with OPCUA_TIMEOUT after `ms`; clears its timer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new LinegateError('OPCUA_TIMEOUT', `${what}: no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The message of any thrown value, for logs. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
