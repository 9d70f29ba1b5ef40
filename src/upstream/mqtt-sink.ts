/**
 * The MQTT sink of docs/contracts.md §5 on MQTT.js: each event is published as its JSON to
 * `{topicPrefix}/{gatewayId}/events` with QoS 1, in seq order; an event is delivered when its
 * PUBACK arrives (brokers acknowledge QoS 1 in the order they received, MQTT 3.1.1 §4.6).
 *
 * MQTT.js's own reconnect and offline queue are off: after a lost connection the forwarder
 * resends from its durable cursor, so nothing is queued twice in two places and the order stays
 * the outbox's. Each (re)connect is a fresh clean-session client.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttSinkConfig } from '../config/schema';
import type { Logger } from '../ports';
import type { Batch, Delivery, Sink } from './types';

export interface MqttSinkOptions {
  config: MqttSinkConfig;
  gatewayId: string;
  log: Logger;
}

/** MQTT CONNACK codes that no retry will fix soon (3.1.1: 4 bad user/password, 5 not authorised). */
const REFUSED = new Set([4, 5, 134, 135]);

/** Publishes batches to one broker. */
export class MqttSink implements Sink {
  readonly type = 'mqtt';
  private client: MqttClient | undefined;
  private connecting: Promise<MqttClient> | undefined;

  constructor(private readonly opts: MqttSinkOptions) {}

  get name(): string {
    return this.opts.config.name;
  }

  get topic(): string {
    return `${this.opts.config.topicPrefix}/${this.opts.gatewayId}/events`;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync(true).catch(() => undefined);
  }

  async deliver(batch: Batch, signal: AbortSignal): Promise<Delivery> {
    const none = batch.first - 1;
    let client: MqttClient;
    try {
      client = await this.connected();
    } catch (err) {
      const code = (err as { code?: number }).code;
      const kind = typeof code === 'number' && REFUSED.has(code) ? 'hold' : 'retry';
      return { through: none, rejected: [], failure: { kind, reason: `connect: ${(err as Error).message}` } };
    }
    let through = none;
    try {
      await this.publishAll(client, batch, signal, (seq) => (through = Math.max(through, seq)));
      return { through: batch.last, rejected: [] };
    } catch (err) {
      return { through, rejected: [], failure: { kind: 'retry', reason: (err as Error).message } };
    }
  }

  /**
   * Publishes every event; resolves when all PUBACKs are in. `acked` is told each seq whose
   * PUBACK arrived while all earlier ones had, so a failure part-way still records progress.
   */
  private publishAll(
    client: MqttClient,
    batch: Batch,
    signal: AbortSignal,
    acked: (seq: number) => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = new Array<boolean>(batch.events.length).fill(false);
      let next = 0;
      let settled = false;
      // The timeout runs from the last PUBACK, so a long batch to a slow broker is not cut short.
      const arm = () =>
        setTimeout(
          () => fail(new Error(`no PUBACK within ${this.opts.config.timeoutMs} ms`)),
          this.opts.config.timeoutMs,
        );
      let timer = arm();
      const cleanup = () => {
        settled = true;
        clearTimeout(timer);
        client.off('close', onClose);
        signal.removeEventListener('abort', onAbort);
      };
      const fail = (err: Error) => {
        if (settled) return;
        cleanup();
        // A connection in an unknown state is dropped; the next batch connects afresh.
        if (this.client === client) this.client = undefined;
        client.end(true);
        reject(err);
      };
      const onClose = () => fail(new Error('connection closed'));
      const onAbort = () => fail(new Error('aborted'));
      client.on('close', onClose);
      signal.addEventListener('abort', onAbort, { once: true });
      // aborted before this attempt published (or while it connected): no event is sent.
      if (signal.aborted) return onAbort();
      batch.events.forEach((payload, i) => {
        client.publish(this.topic, payload, { qos: 1 }, (err) => {
          if (settled) return;
          if (err) return fail(err);
          done[i] = true;
          clearTimeout(timer);
          timer = arm();
          while (next < done.length && done[next]) next++;
          if (next > 0) acked(batch.first + next - 1);
          if (next === done.length) {
            cleanup();
            resolve();
          }
        });
      });
    });
  }

  private async connected(): Promise<MqttClient> {
    if (this.client?.connected) return this.client;
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<MqttClient> {
    const { config, gatewayId, log } = this.opts;
    const old = this.client;
    this.client = undefined;
    if (old) await old.endAsync(true).catch(() => undefined);
    const tls = config.tls;
    const options: IClientOptions = {
      clientId: config.clientId ?? `linegate-${gatewayId}-${config.name}`,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: config.timeoutMs,
      keepalive: 30,
      username: config.username,
      password: config.password,
      ca: tls?.ca ? readFileSync(tls.ca) : undefined,
      cert: tls?.cert ? readFileSync(tls.cert) : undefined,
      key: tls?.key ? readFileSync(tls.key) : undefined,
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
    };
    const client = await mqtt.connectAsync(config.url, options, false);
    // Errors after connect surface as 'close' and fail the batch in flight; without a listener
    // an 'error' event would crash the process.
    client.on('error', (err) => log.debug({ err: err.message }, 'mqtt connection error'));
    this.client = client;
    log.info({ url: redactUrl(config.url) }, 'mqtt connected');
    return client;
  }
}

/** The URL without any user:password part. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
