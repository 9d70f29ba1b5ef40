/**
 * What the gateway writes back to the PLC for one station cycle (docs/contracts.md §3): the serial,
 * the result code and, when configured, the reason text; and the operation data read when the PLC
 * drops its request.
 */
import { DataType } from 'node-opcua';
import { Result, type DeviceContext, type ResultCode, type StartOutcome } from '../../src/ports';
import { errorText } from './errors';
import { reasonFor, reasonText, type HandshakeNodes, type NodeTypes } from './handshake-nodes';
import type { PlcIo } from './plc-connection';

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

/** The answer to one request, as the PLC will read it. */
export interface HandshakeAnswer {
  /** a serial was assigned (result OK with a non-empty serial). */
  ok: boolean;
  /** the serial node's value: the assigned serial, the refused unit's serial, or ''. */
  serial: string;
  result: ResultCode;
  /** the reason node's text ('' for OK). */
  reason: string;
}

/** Encodes a station outcome; an OK without a serial becomes an internal fault. */
export function answerFor(outcome: StartOutcome): HandshakeAnswer {
  const ok = outcome.result === Result.OK && typeof outcome.serial === 'string' && outcome.serial !== '';
  // Result 5 (refused by process release) carries the refused unit's serial so the PLC can divert it.
  const refused = outcome.result === Result.REFUSED ? (outcome.serial ?? '') : '';
  const serial = ok ? (outcome.serial as string) : refused;
  const result: ResultCode = outcome.result === Result.OK && !ok ? Result.INTERNAL : outcome.result;
  return { ok, serial, result, reason: reasonFor(result, outcome.reason ?? outcome.error) };
}

/** Writes answers to one station's nodes: serial, reason (once cleared after a fault), result. */
export class AnswerWriter {
  /** a non-empty reason is on the PLC's reason node (cleared by the next OK result). */
  private reasonShown = true;

  constructor(private readonly nodes: HandshakeNodes) {}

  /** Writes serial, reason and result (not ack), each write confirmed. */
  async write(io: PlcIo, types: NodeTypes, answer: HandshakeAnswer): Promise<void> {
    await io.write(this.nodes.serial, types.serial, answer.serial);
    await this.writeReason(io, types, answer.reason);
    await io.write(this.nodes.result, types.result, answer.result);
  }

  /** The reason node (when configured) gets the text of a non-zero result, and '' once after it. */
  private async writeReason(io: PlcIo, types: NodeTypes, text: string): Promise<void> {
    const node = this.nodes.reason;
    if (!node || (text === '' && !this.reasonShown)) return;
    await io.write(node, DataType.String, reasonText(text, types.reasonMaxLength));
    this.reasonShown = text !== '';
  }
}

/** Reads the configured operation-data nodes; a node that cannot be read is logged and left out. */
export async function readOperationData(
  io: PlcIo,
  nodes: Record<string, string> | undefined,
  at: { stationId: string; serial: string; ctx: DeviceContext },
): Promise<OperationData | undefined> {
  const entries = Object.entries(nodes ?? {});
  if (entries.length === 0) return undefined;
  const values: Record<string, unknown> = {};
  for (const [name, nodeId] of entries) {
    try {
      [values[name]] = await io.read([nodeId]);
    } catch (err) {
      at.ctx.log.warn({ node: nodeId, err: errorText(err) }, 'operation data not readable');
    }
  }
  return { stationId: at.stationId, serial: at.serial, values, time: at.ctx.clock.now() };
}
