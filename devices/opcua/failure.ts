/**
 * What a failed connection attempt means, for the one log line an operator acts on. A PLC that is
 * down must read as "unreachable", never as a certificate problem: node-opcua verifies the client's
 * own certificate at every connect (and finds it untrusted by itself), so "a certificate was
 * refused during the attempt" is not evidence; only an error that names a certificate is.
 */
import { errorText } from './errors';
import { hasCode, isCode } from '../../src/errors';

/** The kinds of attempt failure, each with its own log line. */
export type FailureKind =
  'unreachable' | 'certificate' | 'too-many-sessions' | 'config-mismatch' | 'login' | 'other';

/** A classified attempt failure. */
export interface AttemptFailure {
  kind: FailureKind;
  /** the OPC UA status name or system error code found in the error, if any. */
  status?: string;
  text: string;
}

// The server is at a resource limit: it refused a new session, channel or subscription.
const BUSY = [
  'BadTooManySessions',
  'BadTooManySubscriptions',
  'BadTooManyOperations',
  'BadServerTooBusy',
  'BadTcpServerTooBusy',
  'BadMaxConnectionsReached',
  'BadResourceUnavailable',
];
const UNREACHABLE = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'BadNotConnected',
  'BadConnectionClosed',
  'BadTcpInternalError',
  'BadTimeout',
  'BadCommunicationError',
];
// node-opcua's words for a socket that never opened (with security, its endpoint discovery says
// "Fail to connect to server … to collect server's certificate": not a certificate problem).
const UNREACHABLE_TEXT =
  /Fail to connect to server|premature disconnection|connection cannot be established|socket has been disconnected/i;
const CERTIFICATE_STATUS =
  /Bad(Certificate\w*|SecurityChecksFailed|NoValidCertificates|SecurityPolicyRejected)/;
const CERTIFICATE = /certificate verification failed/i;
const LOGIN = /Bad(IdentityTokenInvalid|IdentityTokenRejected|UserAccessDenied)/;

/** Every message in an error and its causes (node-opcua wraps socket errors). */
function texts(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    parts.push(errorText(cur));
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') parts.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

/** Classifies one failed attempt (connect, session, subscription, checks). */
export function classifyFailure(err: unknown): AttemptFailure {
  const text = texts(err);
  if (isCode(err, 'OPCUA_') && (err.code === 'OPCUA_NODE_MISMATCH' || err.code === 'OPCUA_NAMESPACE_UNKNOWN'))
    return { kind: 'config-mismatch', status: err.code, text: errorText(err) };
  const busy = BUSY.find((s) => text.includes(s));
  if (busy) return { kind: 'too-many-sessions', status: busy, text };
  const cert = CERTIFICATE_STATUS.exec(text);
  if (cert || CERTIFICATE.test(text))
    return { kind: 'certificate', status: cert?.[0] ?? 'certificate', text };
  const login = LOGIN.exec(text);
  if (login) return { kind: 'login', status: login[0], text };
  const down = UNREACHABLE.find((s) => text.includes(s));
  if (down || UNREACHABLE_TEXT.test(text))
    return { kind: 'unreachable', status: down ?? 'no connection', text };
  if (hasCode(err, 'OPCUA_TIMEOUT')) return { kind: 'unreachable', status: err.code, text };
  return { kind: 'other', text };
}
