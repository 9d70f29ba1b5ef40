/**
 * The log lines of a PLC connection that operators act on: connected (with the timing the PLC
 * granted), and one line per kind of failed attempt saying what is wrong and what to do.
 */
import type { Logger } from '../../src/ports';
import type { AttemptFailure } from './failure';
import type { OpenSession } from './opcua-session';

/** "PLC connected", a warning when the PLC raised the intervals, an error naming refused node ids. */
export function logConnected(log: Logger, endpoint: string, live: OpenSession, monitoredNodes: number): void {
  const bad = Object.keys(live.badNodes).length > 0;
  const t = live.timing;
  log.info(
    {
      endpoint,
      publishingIntervalMs: t.publishingIntervalMs,
      samplingIntervalMs: t.samplingIntervalMs,
      keepAlivePeriodMs: t.keepAlivePeriodMs,
      sessionTimeoutMs: t.sessionTimeoutMs,
      monitoredNodes,
      ...(bad ? { badNodes: live.badNodes } : {}),
    },
    'PLC connected',
  );
  if (t.publishingIntervalMs > t.requestedPublishingIntervalMs) {
    log.warn(
      { requestedMs: t.requestedPublishingIntervalMs, revisedMs: t.publishingIntervalMs },
      `PLC revised the publishing interval from ${t.requestedPublishingIntervalMs} ms to ${t.publishingIntervalMs} ms: ` +
        `a request can be seen up to ${t.publishingIntervalMs} ms after the PLC raised it`,
    );
  }
  const sampling = t.samplingIntervalMs;
  if (sampling && sampling.max > t.requestedSamplingIntervalMs) {
    log.warn(
      { requestedMs: t.requestedSamplingIntervalMs, revisedMs: sampling },
      `PLC revised the sampling interval from ${t.requestedSamplingIntervalMs} ms to ${sampling.max} ms`,
    );
  }
  if (bad) log.error({ badNodes: live.badNodes }, 'PLC refused to monitor some nodes (check the node ids)');
}

/** What one failed attempt is logged with. */
export interface AttemptFailureLog {
  failure: AttemptFailure;
  /** a server certificate refused during the attempt (only reported for a certificate failure). */
  refused?: { thumbprint: string; subject: string; status: string };
  pkiDir: string;
  endpoint: string;
  /** consecutive failed attempts, this one included. */
  attempt: number;
  retryInMs: number;
  /** false when the previous attempt failed the same way (logged at debug then). */
  first: boolean;
}

/** One line for a failed attempt; repeats of the same failure go to debug. */
export function logAttemptFailure(log: Logger, f: AttemptFailureLog): void {
  const { failure } = f;
  const fields = { err: failure.text, status: failure.status, attempt: f.attempt, retryInMs: f.retryInMs };
  const level = f.first
    ? failure.kind === 'unreachable' || failure.kind === 'other'
      ? 'warn'
      : 'error'
    : 'debug';
  switch (failure.kind) {
    case 'certificate':
      if (f.refused) {
        log[level](
          {
            ...fields,
            code: 'OPCUA_CERT_UNTRUSTED',
            thumbprint: f.refused.thumbprint,
            subject: f.refused.subject,
            pkiDir: f.pkiDir,
          },
          `PLC server certificate is not trusted (${f.refused.status}); if it is the right PLC, trust it with: ` +
            `linegate opcua trust --config FILE ${f.refused.thumbprint}`,
        );
      } else {
        log[level](
          { ...fields, code: 'OPCUA_CERT_UNTRUSTED', pkiDir: f.pkiDir },
          `PLC refused the secure channel (${failure.status}): the PLC must trust the gateway's certificate ` +
            `(linegate opcua certs --config FILE shows it)`,
        );
      }
      return;
    case 'too-many-sessions':
      log[level](
        fields,
        `PLC refuses a new session (${failure.status}): it is at its session limit, perhaps holding sessions of a ` +
          `client that stopped without closing them until their timeout; retrying in ${Math.round(f.retryInMs / 100) / 10} s`,
      );
      return;
    case 'config-mismatch':
      log[level](
        { ...fields, code: failure.status },
        `PLC does not match the configuration: ${failure.text}`,
      );
      return;
    case 'login':
      log[level](fields, `PLC refused the login (${failure.status}): check plcs.*.username and password`);
      return;
    case 'unreachable':
      log[level](
        fields,
        `PLC unreachable at ${f.endpoint} (${failure.status}): is it on and on the network?`,
      );
      return;
    default:
      log[level](fields, 'PLC connection attempt failed');
  }
}
