/**
 * One OPC UA connection per configured PLC, shared by all its stations. It re-creates client,
 * session, subscription and monitored items after a connection loss, a session loss, or a
 * subscription that stops delivering keep-alives, with exponential backoff and full jitter.
 */
import type { DataType } from 'node-opcua';
import type { PlcConfig } from './config';
import type { DeviceContext, DeviceHealth, HasHealth, Lifecycle } from '../../src/ports';
import { Backoff, type BackoffOptions } from '../../src/util/backoff';
import { errorText, withTimeout } from './errors';
import { logAttemptFailure, logConnected } from './connection-log';
import { classifyFailure } from './failure';
import type { NodeInfo } from './node-types';
import { openSession, type OpenSession } from './opcua-session';
import { createGatewayCertificateManager, opcuaPkiDir } from './pki';
import { readValues, sessionIo } from './session-io';
import { LinegateError } from '../../src/errors';

/** Reads and writes on one live session; every call rejects with an OPCUA_* LinegateError once it is gone. */
export interface PlcIo {
  /** increases with every new session; a trigger compares it to notice a reconnect. */
  readonly generation: number;
  read(nodeIds: readonly string[]): Promise<unknown[]>;
  /** resolves once the server answered Good; rejects (OPCUA_BAD_STATUS / _NOT_CONNECTED / _TIMEOUT). */
  write(nodeId: string, dataType: DataType, value: boolean | number | string): Promise<void>;
  /** what the PLC declares about each node (data type, rank, maximum string length). */
  describe(nodeIds: readonly string[]): Promise<NodeInfo[]>;
}

/** Told when a session becomes usable (after the initial read and the monitored items) and when it is lost. */
export interface PlcSessionListener {
  up(io: PlcIo): void;
  down(reason: string): void;
}

/** Tuning that is not in the config file (tests, benchmarks). */
export interface PlcConnectionOptions {
  config: PlcConfig;
  ctx: DeviceContext;
  backoff?: BackoffOptions;
  /** one connection attempt (connect, session, subscription) may take this long, ms. Default 10000. */
  attemptTimeoutMs?: number;
  /** a read or write unanswered this long fails, ms. Default 5000. */
  requestTimeoutMs?: number;
  /** wanted keep-alive period of the subscription, ms. Default 1000. */
  keepAliveMs?: number;
  /** keep-alive periods without any publish response before the session is declared dead. Default 3. */
  missedKeepAlives?: number;
}

type State = 'stopped' | 'connecting' | 'connected' | 'waiting';

/** Least wait after a PLC refused a session for lack of resources (BadTooManySessions), ms. */
const BUSY_FLOOR_MS = 2000;

/** The connection to one PLC; see the module comment. */
export class PlcConnection implements Lifecycle, HasHealth {
  readonly kind = 'plc';
  private state: State = 'stopped';
  private generation = 0;
  private live: OpenSession | undefined;
  private readonly watches = new Map<string, Set<(value: unknown) => void>>();
  private readonly listeners = new Set<PlcSessionListener>();
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdogTimer: NodeJS.Timeout | undefined;
  private lastAlive = 0;
  private connectedAt = 0;
  private lastError = '';
  private nextAttemptAt = 0;
  private reconnects = 0;
  private loggedFailure = '';
  private readonly backoff: Backoff;

  constructor(private readonly opts: PlcConnectionOptions) {
    this.backoff = new Backoff(opts.backoff);
  }

  /** the PLC's config name. */
  get name(): string {
    return this.opts.ctx.name;
  }

  /** Starts connecting in the background; resolves at once (an absent PLC must not block the gateway). */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'waiting';
    this.opts.ctx.log.info(
      {
        endpoint: this.opts.config.endpoint,
        securityMode: this.opts.config.securityMode,
        pkiDir: this.pkiDir(),
      },
      'PLC connection starting',
    );
    this.scheduleAttempt(0);
  }

  /** Closes the session and removes every timer; listeners are told `down('stopped')`. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasUp = this.state === 'connected';
    this.state = 'stopped';
    this.generation += 1;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdogTimer);
    const live = this.live;
    this.live = undefined;
    if (wasUp) this.notifyDown('stopped');
    await live?.close(this.requestTimeoutMs());
    this.opts.ctx.log.info('PLC connection stopped');
  }

  /** Monitors a node; `onValue` gets the value read after every (re)connect, then every change. */
  watch(nodeId: string, onValue: (value: unknown) => void): () => void {
    let set = this.watches.get(nodeId);
    if (!set) {
      set = new Set();
      this.watches.set(nodeId, set);
      const live = this.live;
      if (live && this.state === 'connected') this.monitorLate(this.generation, live, nodeId);
    }
    set.add(onValue);
    return () => set.delete(onValue);
  }

  /** Monitors a node on a live session after its attempt began, then reads and delivers its value. */
  private monitorLate(gen: number, live: OpenSession, nodeId: string): void {
    void live
      .monitor(nodeId)
      .then(() => readValues(live.session, live.resolver, [nodeId]))
      .then(([value]) => this.deliver(gen, nodeId, value))
      .catch((err: unknown) => this.fail(gen, `monitor ${nodeId}`, err));
  }

  /** Registers for session up/down; a listener added while connected is told `up` at once. */
  onSession(listener: PlcSessionListener): () => void {
    this.listeners.add(listener);
    const live = this.live;
    if (live && this.state === 'connected') listener.up(this.io(this.generation, live));
    return () => this.listeners.delete(listener);
  }

  /** Connection state for /healthz and the dashboard. */
  health(): DeviceHealth {
    const live = this.live;
    const badNodes = live ? live.badNodes : {};
    const detail: Record<string, unknown> = {
      endpoint: this.opts.config.endpoint,
      securityMode: this.opts.config.securityMode,
      securityPolicy: this.opts.config.securityPolicy,
      reconnects: this.reconnects,
      attempts: this.backoff.attempts,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(Object.keys(badNodes).length > 0 ? { badNodes } : {}),
      // what the PLC granted, beside what was asked (it may raise intervals silently).
      ...(live ? { timing: live.timing } : {}),
    };
    if (this.state === 'connected') {
      const ok = Object.keys(badNodes).length === 0;
      detail.connectedSince = new Date(this.connectedAt).toISOString();
      detail.lastKeepAliveAgoMs = this.opts.ctx.clock.now() - this.lastAlive;
      // the dashboard shows `state`: a PLC that raised the publishing interval says so there.
      const t = live?.timing;
      const slowed =
        t && t.publishingIntervalMs > t.requestedPublishingIntervalMs
          ? `, publishing every ${t.publishingIntervalMs} ms (asked ${t.requestedPublishingIntervalMs} ms)`
          : '';
      return { ok, state: (ok ? 'connected' : 'connected, some nodes refused') + slowed, detail };
    }
    if (this.state === 'waiting') {
      const inS = Math.max(0, Math.ceil((this.nextAttemptAt - this.opts.ctx.clock.now()) / 1000));
      return { ok: false, state: `reconnecting in ${inS} s`, detail };
    }
    return { ok: false, state: this.state, detail };
  }

  private pkiDir(): string {
    return opcuaPkiDir(this.opts.ctx.dataDir);
  }

  private requestTimeoutMs(): number {
    return this.opts.requestTimeoutMs ?? 5000;
  }

  private scheduleAttempt(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.nextAttemptAt = this.opts.ctx.clock.now() + delayMs;
    this.retryTimer = setTimeout(() => void this.attempt(), delayMs);
  }

  private async attempt(): Promise<void> {
    if (this.state !== 'waiting') return;
    this.state = 'connecting';
    const gen = ++this.generation;
    const cm = createGatewayCertificateManager(this.opts.ctx.dataDir);
    let lostDuringAttempt: string | undefined;
    const keepAliveMs = this.opts.keepAliveMs ?? 1000;
    let pending: Promise<OpenSession> | undefined;
    const watched = [...this.watches.keys()];
    try {
      pending = openSession({
        config: this.opts.config,
        clientName: `linegate-${this.name}`,
        certificateManager: cm,
        nodeIds: watched,
        onValue: (nodeId, value) => this.deliver(gen, nodeId, value),
        onAlive: () => {
          if (gen === this.generation) this.lastAlive = this.opts.ctx.clock.now();
        },
        onFailure: (reason, err) => {
          if (this.state === 'connecting' && gen === this.generation) lostDuringAttempt = reason;
          else this.fail(gen, reason, err);
        },
        requestTimeoutMs: this.requestTimeoutMs(),
        keepAliveMs,
      });
      const live = await withTimeout(pending, this.opts.attemptTimeoutMs ?? 10_000, 'connection attempt');
      if (gen !== this.generation || this.state !== 'connecting') {
        await live.close(this.requestTimeoutMs());
        return;
      }
      this.live = live;
      this.state = 'connected';
      this.connectedAt = this.lastAlive = this.opts.ctx.clock.now();
      this.lastError = '';
      this.loggedFailure = '';
      this.startWatchdog(gen, live.timing.keepAlivePeriodMs);
      logConnected(this.opts.ctx.log, this.opts.config.endpoint, live, this.watches.size);
      if (lostDuringAttempt !== undefined) return this.fail(gen, lostDuringAttempt);
      // nodes watched while the attempt was under way (a trigger started meanwhile) are monitored now.
      for (const nodeId of this.watches.keys())
        if (!watched.includes(nodeId)) this.monitorLate(gen, live, nodeId);
      for (const listener of [...this.listeners]) listener.up(this.io(gen, live));
    } catch (err) {
      // an attempt that timed out may still complete later: close what it opens.
      void pending?.then((late) => late.close(this.requestTimeoutMs())).catch(() => undefined);
      if (gen !== this.generation || this.state !== 'connecting') return;
      this.lastError = errorText(err);
      const failure = classifyFailure(err);
      // a server at its session limit frees a slot only when an old session times out: no hammering.
      const delay = this.backoff.next(failure.kind === 'too-many-sessions' ? BUSY_FLOOR_MS : 0);
      const first = failure.text !== this.loggedFailure;
      this.loggedFailure = failure.text;
      logAttemptFailure(this.opts.ctx.log, {
        failure,
        refused: cm.lastRefused,
        pkiDir: this.pkiDir(),
        endpoint: this.opts.config.endpoint,
        attempt: this.backoff.attempts,
        retryInMs: delay,
        first,
      });
      this.state = 'waiting';
      this.scheduleAttempt(delay);
    }
  }

  private startWatchdog(gen: number, keepAlivePeriodMs: number): void {
    clearInterval(this.watchdogTimer);
    const limit = keepAlivePeriodMs * (this.opts.missedKeepAlives ?? 3);
    // a subscription that is "connected" but silent is the classic dead-gateway failure: check it ourselves.
    this.watchdogTimer = setInterval(
      () => {
        const silentMs = this.opts.ctx.clock.now() - this.lastAlive;
        if (silentMs > limit) {
          this.fail(
            gen,
            `no keep-alive for ${silentMs} ms`,
            new LinegateError('OPCUA_SUBSCRIPTION_DEAD', 'subscription silent'),
          );
        }
      },
      Math.max(50, Math.round(keepAlivePeriodMs / 2)),
    );
  }

  private deliver(gen: number, nodeId: string, value: unknown): void {
    if (gen !== this.generation) return;
    for (const onValue of [...(this.watches.get(nodeId) ?? [])]) onValue(value);
  }

  private fail(gen: number, reason: string, err?: unknown): void {
    if (gen !== this.generation || this.state !== 'connected') return;
    const live = this.live;
    this.live = undefined;
    this.generation += 1;
    clearInterval(this.watchdogTimer);
    this.reconnects += 1;
    this.lastError = err === undefined ? reason : `${reason}: ${errorText(err)}`;
    // a connection that stayed up a while starts the backoff afresh; a flapping one does not.
    if (this.opts.ctx.clock.now() - this.connectedAt > (this.opts.backoff?.maxMs ?? 10_000))
      this.backoff.reset();
    this.state = 'waiting';
    const delay = this.backoff.next();
    this.opts.ctx.log.warn(
      { reason: this.lastError, retryInMs: delay },
      'PLC connection lost; re-creating session',
    );
    this.notifyDown(reason);
    void live?.close(this.requestTimeoutMs());
    this.scheduleAttempt(delay);
  }

  private notifyDown(reason: string): void {
    for (const listener of [...this.listeners]) listener.down(reason);
  }

  private io(gen: number, open: OpenSession): PlcIo {
    const live = (): boolean => gen === this.generation && this.state === 'connected';
    return sessionIo({
      generation: gen,
      session: open.session,
      resolver: open.resolver,
      live,
      name: this.name,
      timeoutMs: this.requestTimeoutMs(),
    });
  }
}
