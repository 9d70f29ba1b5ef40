/**
 * The handshake nodes of one station checked against what the PLC declares, at every connect:
 * the types to write `result` and `serial` in, the length a `reason` text is cut to, or one error
 * naming every node that does not fit.
 */
import type { DataType } from 'node-opcua';
import { checkNode, type NodeRole } from './node-types';
import type { PlcIo } from './plc-connection';
import { LinegateError } from '../../src/errors';

/** The four handshake node ids, plus the optional reason node. */
export interface HandshakeNodes {
  request: string;
  ack: string;
  serial: string;
  result: string;
  /** String node that receives a short text on every non-zero result. */
  reason?: string;
}

/** How to write each node, as the PLC declared it. */
export interface NodeTypes {
  result: DataType;
  serial: DataType;
  /** the serial node's maximum length, when the PLC exposes it. */
  serialMaxLength?: number;
  /** the reason node's maximum length (texts are cut to it), when the PLC exposes it. */
  reasonMaxLength?: number;
}

/** What the serial node must hold: serials of this many characters (from the station's scheme). */
export interface SerialRequirement {
  length?: number;
  /** names where the length comes from, for the message (e.g. `serial scheme "unit"`). */
  from?: string;
}

/**
 * Reads the declarations of the station's nodes and checks each against its role. Rejects with
 * OPCUA_NODE_MISMATCH listing every node that does not fit.
 */
export async function checkHandshakeNodes(
  io: PlcIo,
  nodes: HandshakeNodes,
  serial: SerialRequirement,
): Promise<NodeTypes> {
  const roles: Array<[string, NodeRole]> = [
    [nodes.request, { role: 'request' }],
    [nodes.ack, { role: 'ack' }],
    [nodes.serial, { role: 'serial', length: serial.length, lengthFrom: serial.from }],
    [nodes.result, { role: 'result' }],
    ...(nodes.reason ? [[nodes.reason, { role: 'reason' }] as [string, NodeRole]] : []),
  ];
  const infos = await io.describe(roles.map(([nodeId]) => nodeId));
  const problems = roles
    .map(([nodeId, role], i) => checkNode(nodeId, role, infos[i]))
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new LinegateError('OPCUA_NODE_MISMATCH', problems.join('; '));
  return {
    serial: infos[2].dataType,
    serialMaxLength: infos[2].maxLength,
    result: infos[3].dataType,
    ...(nodes.reason ? { reasonMaxLength: infos[4].maxLength } : {}),
  };
}

/** The HMI text of a non-zero result when the station gave none. */
const REASONS: Record<number, string> = {
  1: 'no serial available',
  2: 'printer fault: label not confirmed',
  3: 'storage fault',
  4: 'station not ready',
  5: 'unit refused by process release',
  9: 'internal error',
};

/** The reason text of a result: '' for 0, else the station's error or the code's meaning. */
export function reasonFor(result: number, error: string | undefined): string {
  if (result === 0) return '';
  return error || REASONS[result] || `result ${result}`;
}

/** The HMI text for a non-zero result, cut to the node's length. */
export function reasonText(text: string, maxLength: number | undefined): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return maxLength !== undefined && oneLine.length > maxLength ? oneLine.slice(0, maxLength) : oneLine;
}
