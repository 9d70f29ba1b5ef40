/**
 * One connection attempt to a PLC: client, session, an initial read of every watched node, then
 * subscription and monitored items. Built fresh after every loss (node-opcua's own reconnection
 * is switched off: it sometimes keeps a dead subscription on a live channel).
 */
import {
  AttributeIds,
  ClientSession,
  ClientSubscription,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  VariableIds,
  type UserIdentityInfo,
} from 'node-opcua';
import type { PlcConfig } from './config';
import { withTimeout } from './errors';
import { resolverFor, type NodeIdResolver } from './node-ids';
import type { GatewayCertificateManager } from './pki';

/** How one session reports that it died; called at most once. */
export type SessionFailure = (reason: string, err?: unknown) => void;

/** What the caller asks of one attempt. */
export interface OpenSessionOptions {
  config: PlcConfig;
  clientName: string;
  certificateManager: GatewayCertificateManager;
  /** node ids (as configured: `ns=` or `nsu=`) to read at once and then monitor, in order. */
  nodeIds: readonly string[];
  /** receives each watched value: first from the initial read, then from notifications. */
  onValue: (nodeId: string, value: unknown) => void;
  /** any publish response (data or keep-alive): the subscription is alive. */
  onAlive: () => void;
  onFailure: SessionFailure;
  requestTimeoutMs: number;
  /** keep-alive period the subscription should have, ms. */
  keepAliveMs: number;
}

/** The timing the PLC granted, beside what was asked (a PLC may raise intervals silently). */
export interface SessionTiming {
  requestedPublishingIntervalMs: number;
  publishingIntervalMs: number;
  requestedSamplingIntervalMs: number;
  /** revised sampling intervals of the monitored items: the smallest and the largest. */
  samplingIntervalMs?: { min: number; max: number };
  /** revised keep-alive period (publishing interval × max keep-alive count), ms. */
  keepAlivePeriodMs: number;
  requestedSessionTimeoutMs: number;
  sessionTimeoutMs: number;
}

/** A live session; `close()` never rejects. */
export interface OpenSession {
  client: OPCUAClient;
  session: ClientSession;
  subscription: ClientSubscription;
  /** configured node id → the session's `ns=N;…` form (namespace array read at this connect). */
  resolver: NodeIdResolver;
  timing: SessionTiming;
  /** node ids whose monitored item the server refused, with the status. */
  badNodes: Record<string, string>;
  /** adds one more monitored item to the live subscription. */
  monitor(nodeId: string): Promise<void>;
  /** closes the session on the PLC (deleting its subscription), then the channel. */
  close(timeoutMs: number): Promise<void>;
}

function identity(config: PlcConfig): UserIdentityInfo {
  if (config.username === undefined) return { type: UserTokenType.Anonymous };
  return { type: UserTokenType.UserName, userName: config.username, password: config.password ?? '' };
}

/** Keep-alive count for a publishing interval: the period comes close to `keepAliveMs`, at least 2 intervals. */
function keepAliveCount(publishingIntervalMs: number, keepAliveMs: number): number {
  return Math.max(2, Math.ceil(keepAliveMs / publishingIntervalMs));
}

/** Opens client, session, subscription and monitored items; cleans up after itself on failure. */
export async function openSession(opts: OpenSessionOptions): Promise<OpenSession> {
  const { config } = opts;
  let failed = false;
  const fail: SessionFailure = (reason, err) => {
    if (failed) return;
    failed = true;
    opts.onFailure(reason, err);
  };
  const requestedSessionTimeout = config.sessionTimeoutMs ?? 10_000;
  const client = OPCUAClient.create({
    applicationName: 'linegate',
    clientName: opts.clientName,
    endpointMustExist: false,
    securityMode: MessageSecurityMode[config.securityMode],
    securityPolicy: SecurityPolicy[config.securityPolicy],
    // maxRetry 0: no reconnection inside node-opcua; PlcConnection re-creates everything itself.
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 500 },
    clientCertificateManager: opts.certificateManager,
    defaultTransactionTimeout: opts.requestTimeoutMs,
    // short: a session left by a gateway that crashed expires soon, and does not hold a PLC's
    // session slot (an S7-1500 keeps it for the whole timeout and refuses new ones at its limit).
    requestedSessionTimeout,
    keepSessionAlive: false,
  });
  client.on('connection_lost', () => fail('connection lost'));
  client.on('close', (err) => fail('connection closed', err ?? undefined));
  let session: ClientSession | undefined;
  const close = async (timeoutMs: number): Promise<void> => {
    failed = true;
    client.removeAllListeners();
    // close the session explicitly (deleting its subscription) so the PLC frees the slot now.
    if (session) await withTimeout(session.close(true), timeoutMs, 'close session').catch(() => undefined);
    await withTimeout(client.disconnect(), timeoutMs, 'disconnect').catch(() => undefined);
  };
  try {
    await client.connect(config.endpoint);
    session = await client.createSession(identity(config));
    const live = session;
    session.on('session_closed', (status) => fail(`session closed (${status.toString()})`));
    const resolver = await namespaceResolver(live, opts.nodeIds);
    await readInitial(live, resolver, opts);
    const subscription = await createSubscription(live, config, opts.keepAliveMs);
    subscription.on('raw_notification', () => opts.onAlive());
    subscription.on('terminated', () => fail('subscription terminated'));
    subscription.on('internal_error', (err) => fail('subscription error', err));
    subscription.on('status_changed', (status) => fail(`subscription status ${status.toString()}`));
    const badNodes: Record<string, string> = {};
    const sampling: number[] = [];
    const monitor = async (nodeId: string): Promise<void> => {
      const item = await subscription.monitor(
        { nodeId: resolver.resolve(nodeId), attributeId: AttributeIds.Value },
        // queueSize > 1: a level that falls and rises within one publishing interval is still seen.
        { samplingInterval: config.samplingIntervalMs, queueSize: 10, discardOldest: true },
        TimestampsToReturn.Neither,
      );
      if (!item.statusCode.isGood()) {
        badNodes[nodeId] = item.statusCode.toString();
        return;
      }
      const revised = item.result?.revisedSamplingInterval;
      if (typeof revised === 'number') sampling.push(revised);
      item.on('changed', (dataValue) => {
        if (dataValue.statusCode.isGood()) opts.onValue(nodeId, dataValue.value.value);
      });
    };
    for (const nodeId of opts.nodeIds) await monitor(nodeId);
    const timing: SessionTiming = {
      requestedPublishingIntervalMs: config.publishingIntervalMs,
      publishingIntervalMs: subscription.publishingInterval,
      requestedSamplingIntervalMs: config.samplingIntervalMs,
      ...(sampling.length > 0
        ? { samplingIntervalMs: { min: Math.min(...sampling), max: Math.max(...sampling) } }
        : {}),
      keepAlivePeriodMs: subscription.publishingInterval * subscription.maxKeepAliveCount,
      requestedSessionTimeoutMs: requestedSessionTimeout,
      sessionTimeoutMs: live.timeout,
    };
    return { client, session: live, subscription, resolver, timing, badNodes, monitor, close };
  } catch (err) {
    await close(opts.requestTimeoutMs);
    throw err;
  }
}

/** The namespace array read at every connect (indexes can change with a PLC download). */
async function namespaceResolver(
  session: ClientSession,
  nodeIds: readonly string[],
): Promise<NodeIdResolver> {
  const [dataValue] = await session.read([
    { nodeId: `ns=0;i=${VariableIds.Server_NamespaceArray}`, attributeId: AttributeIds.Value },
  ]);
  const namespaces = (dataValue.value.value as string[] | null) ?? [];
  return resolverFor(namespaces, nodeIds);
}

/**
 * The subscription; when the PLC raised the publishing interval, the keep-alive count is lowered
 * to match, so a dead PLC is still noticed within about `keepAliveMs` × the watchdog's count.
 */
async function createSubscription(
  session: ClientSession,
  config: PlcConfig,
  keepAliveMs: number,
): Promise<ClientSubscription> {
  const count = keepAliveCount(config.publishingIntervalMs, keepAliveMs);
  // node-opcua throws when the revised keep-alive period exceeds the session timeout (a PLC that
  // raised the publishing interval); the keep-alive count is lowered to fit just below instead.
  ClientSubscription.ignoreNextWarning = true;
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: config.publishingIntervalMs,
    requestedMaxKeepAliveCount: count,
    // lifetime: the server keeps the subscription through about 3 missed keep-alive periods.
    requestedLifetimeCount: 3 * count,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
    priority: 10,
  });
  const revised = subscription.publishingInterval;
  const wanted = keepAliveCount(revised, keepAliveMs);
  if (revised > config.publishingIntervalMs && subscription.maxKeepAliveCount > wanted) {
    await subscription.modify({
      requestedPublishingInterval: revised,
      requestedMaxKeepAliveCount: wanted,
      requestedLifetimeCount: 3 * wanted,
      maxNotificationsPerPublish: 0,
      priority: 10,
    });
  }
  return subscription;
}

async function readInitial(
  session: ClientSession,
  resolver: NodeIdResolver,
  opts: OpenSessionOptions,
): Promise<void> {
  if (opts.nodeIds.length === 0) return;
  const values = await session.read(
    opts.nodeIds.map((nodeId) => ({ nodeId: resolver.resolve(nodeId), attributeId: AttributeIds.Value })),
  );
  values.forEach((dataValue, i) => {
    if (dataValue.statusCode.isGood()) opts.onValue(opts.nodeIds[i], dataValue.value.value);
  });
}
