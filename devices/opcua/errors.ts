/**
 * Stable error codes of the OPC UA device family. Tests and callers match `code`, never the text.
 */
export type OpcuaErrorCode =
  | 'OPCUA_NOT_CONNECTED'
  | 'OPCUA_BAD_STATUS'
  | 'OPCUA_TIMEOUT'
  | 'OPCUA_CERT_UNTRUSTED'
  | 'OPCUA_CERT_NOT_FOUND'
  | 'OPCUA_SUBSCRIPTION_DEAD'
  | 'OPCUA_STOPPED'
  /** a configured node does not fit the PLC's declaration (data type, length, rank). */
  | 'OPCUA_NODE_MISMATCH'
  /** an `nsu=` node id names a namespace URI the PLC does not have. */
  | 'OPCUA_NAMESPACE_UNKNOWN';

/** A runtime failure talking to a PLC; `code` is stable, the message is for people. */
export class OpcuaError extends Error {
  constructor(
    readonly code: OpcuaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpcuaError';
  }
}

/** Resolves or rejects like `promise`, but rejects with OPCUA_TIMEOUT after `ms`; clears its timer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new OpcuaError('OPCUA_TIMEOUT', `${what}: no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The message of any thrown value, for logs. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
