/**
 * The PLC request/ack handshake of one station (docs/contracts.md §3). The PLC owns `request`; the
 * gateway owns `ack`, `serial` and `result`. One loop per station acts on the last known levels,
 * so a request seen again while its cycle is in flight is never served twice.
 */
import { DataType } from 'node-opcua';
import type {
  DeviceContext,
  DeviceHealth,
  ResultCode,
  StartOutcome,
  StartPort,
  Trigger,
} from '../../src/ports';
import { withTimeout } from './errors';
import { LinegateError } from '../../src/errors';
import { AnswerWriter, answerFor, readOperationData, type OperationData } from './handshake-answer';
import { HandshakeFaults, type RetryOptions } from './handshake-faults';
import {
  checkHandshakeNodes,
  type HandshakeNodes,
  type NodeTypes,
  type SerialRequirement,
} from './handshake-nodes';
import type { PlcConnection, PlcIo } from './plc-connection';

export type { HandshakeNodes } from './handshake-nodes';
export type { OperationData } from './handshake-answer';

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
  retry?: RetryOptions;
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
  private inFlight = false;
  private pumping: Promise<void> | undefined;
  private again = false;
  private cycles = 0;
  private last: { serial?: string; result: ResultCode; ms: number } | undefined;
  private unsubscribe: Array<() => void> = [];
  private readonly faults: HandshakeFaults;
  private readonly answers: AnswerWriter;

  constructor(private readonly opts: HandshakeTriggerOptions) {
    this.faults = new HandshakeFaults(opts.ctx, opts.retry);
    this.answers = new AnswerWriter(opts.nodes);
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
    this.faults.cancelRetry();
    const pumping = this.pumping;
    if (pumping) await withTimeout(pumping, 8000, 'handshake in flight').catch(() => undefined);
    this.io = undefined;
  }

  /** Handshake state for /healthz and the dashboard. */
  health(): DeviceHealth {
    const { mismatch, lastError } = this.faults;
    const detail: Record<string, unknown> = {
      cycles: this.cycles,
      ...(this.last
        ? { lastSerial: this.last.serial, lastResult: this.last.result, lastCycleMs: this.last.ms }
        : {}),
      ...(lastError ? { lastError } : {}),
    };
    if (!this.running) return { ok: false, state: 'stopped', detail };
    if (!this.io) return { ok: false, state: 'PLC not connected', detail };
    if (mismatch && !this.types) return { ok: false, state: `refused: ${mismatch}`, detail };
    if (lastError) return { ok: false, state: `error: ${lastError}`, detail };
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
    this.faults.cancelRetry();
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
    if (!io || this.faults.waiting) return false;
    if (this.types === undefined) {
      this.types = await checkHandshakeNodes(io, this.opts.nodes, this.opts.serial ?? {});
      this.faults.nodesMatch();
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
    const answer = answerFor(outcome);
    const { ok, serial, result } = answer;
    const types = this.types ?? (await checkHandshakeNodes(now, nodes, this.opts.serial ?? {}));
    await this.answers.write(now, types, answer);
    this.requestFell = false;
    await now.write(nodes.ack, DataType.Boolean, true);
    this.ack = true;
    this.pendingSerial = ok ? serial : undefined;
    this.cycles += 1;
    this.faults.served();
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
    const data =
      serial !== undefined
        ? await readOperationData(io, this.opts.operationData, {
            stationId: station.stationId,
            serial,
            ctx: this.opts.ctx,
          })
        : undefined;
    if (serial !== undefined) await station.acknowledge(serial);
    await io.write(nodes.ack, DataType.Boolean, false);
    this.ack = false;
    this.requestFell = false;
    this.pendingSerial = undefined;
    if (data) this.opts.onOperationData?.(data);
  }

  private onStepError(err: unknown): void {
    this.ack = undefined; // whatever was half-written, read it back before acting again
    if (this.faults.failed(err, this.io !== undefined && this.running, () => this.kick()))
      this.types = undefined;
  }
}
