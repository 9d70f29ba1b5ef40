/**
 * The PLC request/ack handshake of one station (docs/contracts.md §3). The PLC owns `request`; the
 * gateway owns `ack`, `serial` and `result`. One loop per station acts on the last known levels,
 * so a request seen again while its cycle is in flight is never served twice.
 */
import { DataType } from 'node-opcua';
import {
  Result,
  type DeviceContext,
  type DeviceHealth,
  type ResultCode,
  type StartOutcome,
  type StartPort,
  type Trigger,
} from '../../src/ports';
import { Backoff } from '../../src/util/backoff';
import { errorText, withTimeout } from './errors';
import {
  checkHandshakeNodes,
  reasonFor,
  reasonText,
  type HandshakeNodes,
  type NodeTypes,
  type SerialRequirement,
} from './handshake-nodes';
import type { PlcConnection, PlcIo } from './plc-connection';
import { LinegateError, isCode } from '../../src/errors';

export type { HandshakeNodes } from './handshake-nodes';

/** Values read from the PLC when a handshake completes (the PLC dropped request). */
export interface OperationData {
  stationId: string;
  /** the serial of the completed handshake. */
  serial: string;
  /** name → value, for every configured operation-data node that could be read. */
  values: Record<string, unknown>;
  /** epoch ms of the read. */
  time: number;
}

/** What one handshake trigger needs. */
export interface HandshakeTriggerOptions {
  station: StartPort;
  connection: PlcConnection;
  nodes: HandshakeNodes;
  ctx: DeviceContext;
  /** what the serial node must hold (checked at every connect against its declared length). */
  serial?: SerialRequirement;
  /** name → node id of extra values read when a cycle completes (before ack is cleared). */
  operationData?: Record<string, string>;
  /** receives those values; the integrator records them as `operation.completed`. */
  onOperationData?: (data: OperationData) => void;
  /** retry after a bad status code, ms (doubling, full jitter). Default 1000 … 30000. */
  retry?: { minMs?: number; maxMs?: number };
}

/** The handshake trigger of one station; see the module comment. */
export class HandshakeTrigger implements Trigger {
  readonly kind = 'trigger';
  private running = false;
  private io: PlcIo | undefined;
  /** last known request level; undefined until read after a (re)connect. */
  private request: boolean | undefined;
  /** request fell since ack was set (a fall and rise within one publish still completes the handshake). */
  private requestFell = false;
  /** our ack level; undefined means "read it from the PLC first". */
  private ack: boolean | undefined;
  private pendingSerial: string | undefined;
  /** the node declarations of this session; undefined means "read and check them first". */
  private types: NodeTypes | undefined;
  /** the node mismatch last logged (logged once, not at every retry). */
  private loggedMismatch = '';
  /** a non-empty reason is on the PLC's reason node (cleared by the next OK result). */
  private reasonShown = true;
  private inFlight = false;
  private pumping: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError = '';
  private cycles = 0;
  private last: { serial?: string; result: ResultCode; ms: number } | undefined;
  private unsubscribe: Array<() => void> = [];
  private readonly backoff: Backoff;

  constructor(private readonly opts: HandshakeTriggerOptions) {
    this.backoff = new Backoff({
      minMs: opts.retry?.minMs ?? 1000,
      maxMs: opts.retry?.maxMs ?? 30_000,
    });
  }

  /** the station id. */
  get name(): string {
    return this.opts.ctx.name;
  }

  /** Registers with the PLC connection; serving starts when its session is up. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { connection, nodes } = this.opts;
    this.unsubscribe = [
      connection.watch(nodes.request, (value) => this.onRequest(value)),
      connection.onSession({ up: (io) => this.onUp(io), down: (reason) => this.onDown(reason) }),
    ];
  }

  /** Lets a cycle in flight finish its writes (bounded), then detaches; the reservation survives. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const pumping = this.pumping;
    if (pumping) await withTimeout(pumping, 8000, 'handshake in flight').catch(() => undefined);
    this.io = undefined;
  }

  /** Handshake state for /healthz and the dashboard. */
  health(): DeviceHealth {
    const detail: Record<string, unknown> = {
      cycles: this.cycles,
      ...(this.last
        ? { lastSerial: this.last.serial, lastResult: this.last.result, lastCycleMs: this.last.ms }
        : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
    if (!this.running) return { ok: false, state: 'stopped', detail };
    if (!this.io) return { ok: false, state: 'PLC not connected', detail };
    if (this.loggedMismatch && !this.types)
      return { ok: false, state: `refused: ${this.loggedMismatch}`, detail };
    if (this.lastError) return { ok: false, state: `error: ${this.lastError}`, detail };
    if (this.inFlight) return { ok: true, state: 'serving a request', detail };
    if (this.ack) return { ok: true, state: 'waiting for the PLC to drop request', detail };
    return { ok: true, state: 'idle', detail };
  }

  private onRequest(value: unknown): void {
    if (typeof value !== 'boolean') {
      this.opts.ctx.log.error({ node: this.opts.nodes.request, value }, 'request node is not a Boolean');
      return;
    }
    if (!value) this.requestFell = true;
    this.request = value;
    this.kick();
  }

  private onUp(io: PlcIo): void {
    this.io = io;
    this.ack = undefined; // re-read after every (re)connect: the PLC may have been restarted
    this.types = undefined; // and its declarations, which a download may have changed
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.kick();
  }

  private onDown(reason: string): void {
    this.io = undefined;
    this.request = undefined;
    this.opts.ctx.log.debug({ reason }, 'handshake paused: PLC session down');
  }

  private kick(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      try {
        while (await this.step());
      } catch (err) {
        this.onStepError(err);
      }
    } while (this.again && this.running);
  }

  /** Does the one thing the current levels call for; false when there is nothing to do. */
  private async step(): Promise<boolean> {
    const io = this.io;
    if (!io || this.retryTimer) return false;
    if (this.types === undefined) {
      this.types = await checkHandshakeNodes(io, this.opts.nodes, this.opts.serial ?? {});
      if (this.loggedMismatch) this.opts.ctx.log.info('handshake nodes now match the configuration');
      this.loggedMismatch = '';
      return true;
    }
    if (this.ack === undefined) {
      await this.syncAck(io);
      return true;
    }
    if (this.ack && (this.request === false || (this.request !== undefined && this.requestFell))) {
      await this.release(io);
      return true;
    }
    if (!this.running) return false;
    if (this.request === true && !this.ack) {
      await this.serve(io);
      return true;
    }
    return false;
  }

  /** After a (re)connect: our ack as the PLC has it, and the serial it carries if it is set. */
  private async syncAck(io: PlcIo): Promise<void> {
    const { nodes } = this.opts;
    const [ack, serial, result] = await io.read([nodes.ack, nodes.serial, nodes.result]);
    this.ack = ack === true;
    this.requestFell = false;
    if (
      this.ack &&
      this.pendingSerial === undefined &&
      typeof serial === 'string' &&
      serial !== '' &&
      result === 0
    ) {
      this.pendingSerial = serial; // written by us (or our previous process) before that ack
    }
    if (this.ack) this.opts.ctx.log.info({ serial: this.pendingSerial }, 'ack found set after connect');
  }

  /** PLC request seen: run the station cycle, then serial → result → ack, each write confirmed. */
  private async serve(io: PlcIo): Promise<void> {
    const { station, nodes, ctx } = this.opts;
    const began = ctx.clock.now();
    this.inFlight = true;
    let outcome: StartOutcome;
    try {
      outcome = await station.start({ source: 'opcua', holdUntilAcknowledged: true });
    } finally {
      this.inFlight = false;
    }
    if (this.request === false) {
      // the PLC withdrew before our ack: nothing written; the next request gets the same reservation.
      ctx.log.warn(
        { serial: outcome.serial, result: outcome.result },
        'request withdrawn before ack; serial stays reserved',
      );
      return;
    }
    const now = this.io;
    if (!now) throw new LinegateError('OPCUA_NOT_CONNECTED', 'PLC session lost during the cycle');
    if (now !== io) {
      // reconnected while the station worked: write this outcome on the new session, not a second cycle.
      await this.syncAck(now);
      if (this.ack || this.request !== true) return;
    }
    const ok = outcome.result === Result.OK && typeof outcome.serial === 'string' && outcome.serial !== '';
    // Result 5 (refused by process release) carries the refused unit's serial so the PLC can divert it.
    const refused = outcome.result === Result.REFUSED ? (outcome.serial ?? '') : '';
    const serial = ok ? (outcome.serial as string) : refused;
    const result: ResultCode = outcome.result === Result.OK && !ok ? Result.INTERNAL : outcome.result;
    const types = this.types ?? (await checkHandshakeNodes(now, nodes, this.opts.serial ?? {}));
    await now.write(nodes.serial, types.serial, serial);
    await this.writeReason(now, types, reasonFor(result, outcome.reason ?? outcome.error));
    await now.write(nodes.result, types.result, result);
    this.requestFell = false;
    await now.write(nodes.ack, DataType.Boolean, true);
    this.ack = true;
    this.pendingSerial = ok ? serial : undefined;
    this.cycles += 1;
    this.lastError = '';
    this.backoff.reset();
    this.last = { serial: ok ? serial : undefined, result, ms: ctx.clock.now() - began };
    const fields = { serial: ok ? serial : undefined, result, ms: this.last.ms, code: outcome.code };
    if (ok) ctx.log.info(fields, 'handshake served');
    else ctx.log.warn({ ...fields, error: outcome.error }, 'handshake answered with a fault');
  }

  /**
   * PLC dropped request: read operation data, acknowledge the serial durably, then clear ack.
   * In that order: once ack falls the PLC starts its next part, so a gateway that died between
   * clearing ack and recording the acknowledgement would serve the taken serial a second time. A
   * failed acknowledgement leaves ack set (the PLC waits) and is retried like any failed step.
   */
  private async release(io: PlcIo): Promise<void> {
    const { station, nodes } = this.opts;
    const serial = this.pendingSerial;
    const data = serial !== undefined ? await this.readOperationData(io, serial) : undefined;
    if (serial !== undefined) await station.acknowledge(serial);
    await io.write(nodes.ack, DataType.Boolean, false);
    this.ack = false;
    this.requestFell = false;
    this.pendingSerial = undefined;
    if (data) this.opts.onOperationData?.(data);
  }

  private async readOperationData(io: PlcIo, serial: string): Promise<OperationData | undefined> {
    const entries = Object.entries(this.opts.operationData ?? {});
    if (entries.length === 0) return undefined;
    const values: Record<string, unknown> = {};
    for (const [name, nodeId] of entries) {
      try {
        [values[name]] = await io.read([nodeId]);
      } catch (err) {
        this.opts.ctx.log.warn({ node: nodeId, err: errorText(err) }, 'operation data not readable');
      }
    }
    return { stationId: this.opts.station.stationId, serial, values, time: this.opts.ctx.clock.now() };
  }

  /** The reason node (when configured) gets the text of a non-zero result, and '' once after it. */
  private async writeReason(io: PlcIo, types: NodeTypes, text: string): Promise<void> {
    const node = this.opts.nodes.reason;
    if (!node || (text === '' && !this.reasonShown)) return;
    await io.write(node, DataType.String, reasonText(text, types.reasonMaxLength));
    this.reasonShown = text !== '';
  }

  private onStepError(err: unknown): void {
    const code = isCode(err, 'OPCUA_') ? err.code : undefined;
    this.ack = undefined; // whatever was half-written, read it back before acting again
    if (!this.io || !this.running) {
      this.opts.ctx.log.warn({ err: errorText(err) }, 'handshake interrupted; resumes after reconnect');
      return;
    }
    const delay = this.backoff.next();
    if (code === 'OPCUA_NODE_MISMATCH') {
      // a commissioning error: say it once, refuse to serve, and look again now and then (a PLC
      // download may fix it without a reconnect).
      this.types = undefined;
      const text = errorText(err);
      if (text !== this.loggedMismatch)
        this.opts.ctx.log.error(
          { code, err: text },
          `station refuses the PLC handshake: the PLC's nodes do not match the configuration: ${text}`,
        );
      this.loggedMismatch = text;
    } else if (code === 'OPCUA_NOT_CONNECTED') {
      // usually the connection is going down and onUp() restarts us sooner; retry in case it is not.
      this.opts.ctx.log.warn({ err: errorText(err), retryInMs: delay }, 'handshake interrupted');
    } else {
      this.lastError = errorText(err);
      this.opts.ctx.log.error({ err: this.lastError, code, retryInMs: delay }, 'handshake step failed');
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
  }
}
