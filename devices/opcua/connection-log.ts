/**
 * The log lines of a PLC connection that operators act on.
 */
import type { Logger } from '../../src/ports';
import type { OpenSession } from './opcua-session';

/** "PLC connected", plus an error naming the node ids the server refused to monitor. */
export function logConnected(log: Logger, endpoint: string, live: OpenSession, monitoredNodes: number): void {
  const bad = Object.keys(live.badNodes).length > 0;
  log.info(
    {
      endpoint,
      publishingIntervalMs: live.subscription.publishingInterval,
      keepAlivePeriodMs: live.keepAlivePeriodMs,
      monitoredNodes,
      ...(bad ? { badNodes: live.badNodes } : {}),
    },
    'PLC connected',
  );
  if (bad) log.error({ badNodes: live.badNodes }, 'PLC refused to monitor some nodes (check the node ids)');
}

/** The refusal of an unknown server certificate, saying how to trust it. */
export function logUntrusted(
  log: Logger,
  refused: { thumbprint: string; subject: string; status: string },
  pkiDir: string,
): void {
  log.error(
    {
      code: 'OPCUA_CERT_UNTRUSTED',
      thumbprint: refused.thumbprint,
      subject: refused.subject,
      status: refused.status,
      pkiDir,
    },
    `PLC server certificate is not trusted (${refused.status}); if it is the right PLC, trust it with: ` +
      `linegate opcua trust --config FILE ${refused.thumbprint}`,
  );
}
