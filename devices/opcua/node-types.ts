/**
 * What a PLC declares about a node (data type, rank, maximum string length), read at connect, and
 * the checks of the handshake nodes against it. A PLC program declares `result` as INT, DINT, USINT
 * or SINT and `serial` as STRING[20]; the gateway writes the declared type, and refuses at connect a
 * node that cannot hold what it would write, naming the node, its type and what would fit.
 */
import { AttributeIds, DataType, NodeId, NodeIdType, makeBrowsePath, type ClientSession } from 'node-opcua';
import { LinegateError } from '../../src/errors';

/** A node as the PLC declares it. */
export interface NodeInfo {
  /** the built-in type values travel as (an Enumeration is Int32, an alias its base type). */
  dataType: DataType;
  /** the declared DataType's name when it is not a built-in type (e.g. an alias), for messages. */
  declaredAs?: string;
  /** -1 scalar, 1 one-dimensional array, … */
  valueRank: number;
  /** the longest string the node holds (MaxStringLength property or ArrayDimensions), when exposed. */
  maxLength?: number;
}

/** The built-in types that hold the handshake result codes 0…9, in the order messages list them. */
export const RESULT_TYPES: readonly DataType[] = [
  DataType.Int16,
  DataType.Int32,
  DataType.UInt16,
  DataType.Byte,
  DataType.SByte,
  DataType.UInt32,
];

const BUILTIN_MAX_ID = 25; // ns=0;i=1 … i=25 are the built-in types (OPC UA Part 6, 5.1.2)

/** Reads DataType, ValueRank and ArrayDimensions of each node, then MaxStringLength of String nodes. */
export async function readNodeInfo(session: ClientSession, nodeIds: readonly string[]): Promise<NodeInfo[]> {
  const attrs = [AttributeIds.DataType, AttributeIds.ValueRank, AttributeIds.ArrayDimensions];
  const values = await session.read(
    nodeIds.flatMap((nodeId) => attrs.map((attributeId) => ({ nodeId, attributeId }))),
  );
  const infos: NodeInfo[] = [];
  for (let i = 0; i < nodeIds.length; i++) {
    const [dt, rank, dims] = values.slice(i * 3, i * 3 + 3);
    if (!dt.statusCode.isGood()) {
      throw new LinegateError(
        'OPCUA_NODE_MISMATCH',
        `node ${nodeIds[i]}: ${dt.statusCode.name} (check the node id)`,
      );
    }
    const typeId = dt.value.value as NodeId;
    const builtin =
      typeId.namespace === 0 &&
      typeId.identifierType === NodeIdType.NUMERIC &&
      Number(typeId.value) <= BUILTIN_MAX_ID;
    const info: NodeInfo = {
      dataType: builtin
        ? (Number(typeId.value) as DataType)
        : await session.getBuiltInDataType(NodeId.resolveNodeId(nodeIds[i])),
      ...(builtin ? {} : { declaredAs: typeId.toString() }),
      valueRank: rank.statusCode.isGood() ? Number(rank.value.value) : -1,
    };
    const arrayDims = dims.statusCode.isGood() ? (dims.value.value as ArrayLike<number> | null) : null;
    // Part 3 (5.6.2): for a scalar String, ArrayDimensions may give the maximum length.
    if (info.dataType === DataType.String && info.valueRank === -1 && arrayDims && arrayDims.length === 1) {
      if (arrayDims[0] > 0) info.maxLength = arrayDims[0];
    }
    infos.push(info);
  }
  await readMaxStringLengths(session, nodeIds, infos);
  return infos;
}

/** The MaxStringLength property (Part 3, 5.6.2) of every String node, where the server has one. */
async function readMaxStringLengths(
  session: ClientSession,
  nodeIds: readonly string[],
  infos: NodeInfo[],
): Promise<void> {
  const strings = nodeIds.map((_, i) => i).filter((i) => infos[i].dataType === DataType.String);
  if (strings.length === 0) return;
  const paths = await session.translateBrowsePath(
    strings.map((i) => makeBrowsePath(nodeIds[i], '.MaxStringLength')),
  );
  const found: Array<{ index: number; target: string }> = [];
  strings.forEach((index, k) => {
    const target = paths[k].statusCode.isGood() ? paths[k].targets?.[0]?.targetId : undefined;
    if (target) found.push({ index, target: target.toString() });
  });
  if (found.length === 0) return;
  const lengths = await session.read(
    found.map((f) => ({ nodeId: f.target, attributeId: AttributeIds.Value })),
  );
  found.forEach((f, k) => {
    const n = Number(lengths[k].value.value);
    if (lengths[k].statusCode.isGood() && n > 0) {
      const info = infos[f.index];
      info.maxLength = info.maxLength === undefined ? n : Math.min(info.maxLength, n);
    }
  });
}

/** A type as people read it: `String[20]`, `Int32`, `Byte[]`, `ns=3;i=3002 (Int16)`. */
export function typeName(info: NodeInfo): string {
  let name = DataType[info.dataType] ?? `DataType ${info.dataType}`;
  if (info.declaredAs) name = `${info.declaredAs} (${name})`;
  if (info.maxLength !== undefined) name += `[${info.maxLength}]`;
  if (info.valueRank >= 0 || info.valueRank === -3 || info.valueRank === -2) name += '[]';
  return name;
}

/** What a handshake node must hold. */
export type NodeRole =
  | { role: 'request' | 'ack' }
  | { role: 'result' }
  | { role: 'serial'; length?: number; lengthFrom?: string }
  | { role: 'reason' };

/**
 * The problem with `info` for `role`, as one sentence naming the node, its type and what would
 * fit; undefined when the node fits.
 */
export function checkNode(nodeId: string, role: NodeRole, info: NodeInfo): string | undefined {
  const is = `${role.role} node ${nodeId} is ${typeName(info)}`;
  if (info.valueRank !== -1) return `${is}, an array: declare it a scalar`;
  switch (role.role) {
    case 'request':
    case 'ack':
      return info.dataType === DataType.Boolean ? undefined : `${is}: declare it Boolean (BOOL)`;
    case 'result':
      return RESULT_TYPES.includes(info.dataType)
        ? undefined
        : `${is}, which cannot hold the result codes 0..9: declare it ${RESULT_TYPES.map((t) => DataType[t]).join(', ')}`;
    case 'reason':
      return info.dataType === DataType.String ? undefined : `${is}: declare it String (STRING)`;
    case 'serial': {
      if (info.dataType !== DataType.String)
        return `${is}: declare it String (STRING) of at least ${role.length ?? 'the serial'} characters`;
      if (role.length !== undefined && info.maxLength !== undefined && info.maxLength < role.length)
        return `${is}, too short for the ${role.length}-character serials of ${role.lengthFrom ?? 'the serial scheme'}: declare it String[${role.length}] or longer`;
      return undefined;
    }
  }
}
