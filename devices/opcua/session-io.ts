/**
 * Reads and writes on one live session, by configured node id (resolved to the session's
 * namespace indexes), each bounded by a timeout and refused once the session is gone.
 */
import { AttributeIds, type ClientSession, type DataType } from 'node-opcua';
import { errorText, withTimeout } from './errors';
import type { NodeIdResolver } from './node-ids';
import { readNodeInfo, type NodeInfo } from './node-types';
import type { PlcIo } from './plc-connection';
import { LinegateError } from '../../src/errors';

/** Reads values; rejects with OPCUA_BAD_STATUS naming the node when one is not Good. */
export async function readValues(
  session: ClientSession,
  resolver: NodeIdResolver,
  nodeIds: readonly string[],
): Promise<unknown[]> {
  const values = await session.read(
    nodeIds.map((nodeId) => ({ nodeId: resolver.resolve(nodeId), attributeId: AttributeIds.Value })),
  );
  return values.map((dataValue, i) => {
    if (!dataValue.statusCode.isGood()) {
      throw new LinegateError('OPCUA_BAD_STATUS', `read ${nodeIds[i]}: ${dataValue.statusCode.toString()}`);
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
    throw new LinegateError('OPCUA_NOT_CONNECTED', `write ${nodeId}: ${errorText(err)}`, { cause: err });
  }
  if (!status.isGood()) throw new LinegateError('OPCUA_BAD_STATUS', `write ${nodeId}: ${status.toString()}`);
}

/** The PlcIo of one session: every call checks `live()` first, and is bounded by `timeoutMs`. */
export function sessionIo(opts: {
  generation: number;
  session: ClientSession;
  resolver: NodeIdResolver;
  live: () => boolean;
  name: string;
  timeoutMs: number;
}): PlcIo {
  const { session, resolver, timeoutMs } = opts;
  const check = (what: string): void => {
    if (!opts.live())
      throw new LinegateError('OPCUA_NOT_CONNECTED', `${what}: PLC ${opts.name} is not connected`);
  };
  return {
    generation: opts.generation,
    read: async (nodeIds) => {
      check('read');
      return withTimeout(readValues(session, resolver, nodeIds), timeoutMs, `read ${nodeIds.join(', ')}`);
    },
    write: async (nodeId, dataType, value) => {
      check(`write ${nodeId}`);
      const resolved = resolver.resolve(nodeId);
      await withTimeout(writeValue(session, resolved, dataType, value), timeoutMs, `write ${nodeId}`);
    },
    describe: async (nodeIds): Promise<NodeInfo[]> => {
      check('describe');
      const resolved = nodeIds.map((n) => resolver.resolve(n));
      return withTimeout(
        readNodeInfo(session, resolved),
        timeoutMs,
        `read the types of ${nodeIds.join(', ')}`,
      );
    },
  };
}
