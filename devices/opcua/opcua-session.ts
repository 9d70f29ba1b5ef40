/**
 * One connection attempt to a PLC: client, session, an initial read of every watched node, then
 * subscription and monitored items. Built fresh after every loss (node-opcua's own reconnection
 * is switched off: it sometimes keeps a dead subscription on a live channel).
 */
import {
  AttributeIds,
  ClientSession,
  ClientSubscription,
  DataType,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  type UserIdentityInfo,
} from 'node-opcua';
import type { PlcConfig } from '../../src/config/schema';
import { OpcuaError, errorText, withTimeout } from './errors';
import type { GatewayCertificateManager } from './pki';
import type { PlcIo } from './plc-connection';

/** How one session reports that it died; called at most once. */
export type SessionFailure = (reason: string, err?: unknown) => void;

/** What the caller asks of one attempt. */
export interface OpenSessionOptions {
  config: PlcConfig;
  clientName: string;
  certificateManager: GatewayCertificateManager;
  /** node ids to read at once and then monitor, in order. */
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

/** A live session; `close()` never rejects. */
export interface OpenSession {
  client: OPCUAClient;
  session: ClientSession;
  subscription: ClientSubscription;
  /** revised keep-alive period (publishing interval × max keep-alive count), ms. */
  keepAlivePeriodMs: number;
  /** node ids whose monitored item the server refused, with the status. */
  badNodes: Record<string, string>;
  /** adds one more monitored item to the live subscription. */
  monitor(nodeId: string): Promise<void>;
  close(timeoutMs: number): Promise<void>;
}

function identity(config: PlcConfig): UserIdentityInfo {
  if (config.username === undefined) return { type: UserTokenType.Anonymous };
  return { type: UserTokenType.UserName, userName: config.username, password: config.password ?? '' };
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
    keepSessionAlive: false,
  });
  client.on('connection_lost', () => fail('connection lost'));
  client.on('close', (err) => fail('connection closed', err ?? undefined));
  const closeClient = async (timeoutMs: number): Promise<void> => {
    failed = true;
    client.removeAllListeners();
    await withTimeout(client.disconnect(), timeoutMs, 'disconnect').catch(() => undefined);
  };
  try {
    await client.connect(config.endpoint);
    const session = await client.createSession(identity(config));
    session.on('session_closed', (status) => fail(`session closed (${status.toString()})`));
    await readInitial(session, opts);
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: config.publishingIntervalMs,
      requestedMaxKeepAliveCount: Math.max(2, Math.ceil(opts.keepAliveMs / config.publishingIntervalMs)),
      // lifetime: the server keeps the subscription through about 3 missed keep-alive periods.
      requestedLifetimeCount: 3 * Math.max(2, Math.ceil(opts.keepAliveMs / config.publishingIntervalMs)),
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    subscription.on('raw_notification', () => opts.onAlive());
    subscription.on('terminated', () => fail('subscription terminated'));
    subscription.on('internal_error', (err) => fail('subscription error', err));
    subscription.on('status_changed', (status) => fail(`subscription status ${status.toString()}`));
    const badNodes: Record<string, string> = {};
    const monitor = async (nodeId: string): Promise<void> => {
      const item = await subscription.monitor(
        { nodeId, attributeId: AttributeIds.Value },
        // queueSize > 1: a level that falls and rises within one publishing interval is still seen.
        { samplingInterval: config.samplingIntervalMs, queueSize: 10, discardOldest: true },
        TimestampsToReturn.Neither,
      );
      if (!item.statusCode.isGood()) {
        badNodes[nodeId] = item.statusCode.toString();
        return;
      }
      item.on('changed', (dataValue) => {
        if (dataValue.statusCode.isGood()) opts.onValue(nodeId, dataValue.value.value);
      });
    };
    for (const nodeId of opts.nodeIds) await monitor(nodeId);
    return {
      client,
      session,
      subscription,
      keepAlivePeriodMs: subscription.publishingInterval * subscription.maxKeepAliveCount,
      badNodes,
      monitor,
      close: closeClient,
    };
  } catch (err) {
    await closeClient(opts.requestTimeoutMs);
    throw err;
  }
}

async function readInitial(session: ClientSession, opts: OpenSessionOptions): Promise<void> {
  if (opts.nodeIds.length === 0) return;
  const values = await session.read(
    opts.nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
  );
  values.forEach((dataValue, i) => {
    if (dataValue.statusCode.isGood()) opts.onValue(opts.nodeIds[i], dataValue.value.value);
  });
}

/** Reads values; rejects with OPCUA_BAD_STATUS naming the node when one is not Good. */
export async function readValues(session: ClientSession, nodeIds: readonly string[]): Promise<unknown[]> {
  const values = await session.read(nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
  return values.map((dataValue, i) => {
    if (!dataValue.statusCode.isGood()) {
      throw new OpcuaError('OPCUA_BAD_STATUS', `read ${nodeIds[i]}: ${dataValue.statusCode.toString()}`);
    }
    return dataValue.value.value as unknown;
  });
}

/** Writes one value; rejects with OPCUA_BAD_STATUS when the server answers anything but Good. */
export async function writeValue(
  session: ClientSession,
  nodeId: string,
  dataType: DataType,
  value: boolean | number | string,
): Promise<void> {
  let status;
  try {
    status = await session.write({
      nodeId,
      attributeId: AttributeIds.Value,
      value: { value: { dataType, value } },
    });
  } catch (err) {
    throw new OpcuaError('OPCUA_NOT_CONNECTED', `write ${nodeId}: ${errorText(err)}`, { cause: err });
  }
  if (!status.isGood()) throw new OpcuaError('OPCUA_BAD_STATUS', `write ${nodeId}: ${status.toString()}`);
}

/** The PlcIo of one session: every call checks `live()` first, and is bounded by `timeoutMs`. */
export function sessionIo(opts: {
  generation: number;
  session: ClientSession;
  live: () => boolean;
  name: string;
  timeoutMs: number;
}): PlcIo {
  const { session, timeoutMs } = opts;
  const check = (what: string): void => {
    if (!opts.live())
      throw new OpcuaError('OPCUA_NOT_CONNECTED', `${what}: PLC ${opts.name} is not connected`);
  };
  return {
    generation: opts.generation,
    read: async (nodeIds) => {
      check('read');
      return withTimeout(readValues(session, nodeIds), timeoutMs, `read ${nodeIds.join(', ')}`);
    },
    write: async (nodeId, dataType, value) => {
      check(`write ${nodeId}`);
      await withTimeout(writeValue(session, nodeId, dataType, value), timeoutMs, `write ${nodeId}`);
    },
  };
}
