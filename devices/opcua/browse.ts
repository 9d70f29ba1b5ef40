/**
 * `linegate opcua browse`: walks a PLC's address space from one node and prints a tree with each
 * node's id (`ns=` and `nsu=` forms), browse name, node class, and for variables the data type and
 * current value, so a commissioning engineer can copy the handshake node ids into the config.
 */
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  MessageSecurityMode,
  NodeClass,
  NodeClassMask,
  OPCUAClient,
  SecurityPolicy,
  resolveNodeId,
  type ClientSession,
  type NodeId,
  type ReferenceDescription,
} from 'node-opcua';
import pino from 'pino';
import { routeOpcuaLibraryLogs } from './library-logs';
import { resolverFor } from './node-ids';
import { LinegateError } from '../../src/errors';

/** What to browse and how to connect. */
export interface BrowseOptions {
  endpoint: string;
  node: string;
  depth: number;
  securityMode: keyof typeof MessageSecurityMode;
  securityPolicy: keyof typeof SecurityPolicy;
  timeoutMs: number;
  write: (line: string) => void;
}

/** The node id in `ns=` form and, outside namespace 0, in `nsu=` form. */
export function nodeIdForms(nodeId: NodeId, namespaces: readonly string[]): string {
  const ns = nodeId.toString();
  if (nodeId.namespace === 0) return ns;
  const uri = namespaces[nodeId.namespace];
  if (!uri) return ns;
  return `${ns}  nsu=${uri.replace(/%/g, '%25').replace(/;/g, '%3B')};${ns.replace(/^ns=\d+;/, '')}`;
}

/** Connects, browses `depth` levels below `node` and writes the tree; rejects OPCUA_ENDPOINT_UNREACHABLE when it cannot connect (the command exits 69). */
export async function browse(opts: BrowseOptions): Promise<void> {
  // node-opcua's own console chatter (certificate creation, W-codes) means nothing here.
  routeOpcuaLibraryLogs(pino({ level: 'error' }, pino.destination(2)));
  const client = OPCUAClient.create({
    applicationName: 'linegate-browse',
    endpointMustExist: false,
    securityMode: MessageSecurityMode[opts.securityMode],
    securityPolicy: SecurityPolicy[opts.securityPolicy],
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 500 },
    defaultTransactionTimeout: opts.timeoutMs,
  });
  try {
    await withTimeout(client.connect(opts.endpoint), opts.timeoutMs).catch((err: Error) => {
      throw new LinegateError(
        'OPCUA_ENDPOINT_UNREACHABLE',
        `cannot reach ${opts.endpoint}: ${err.message.split('\n')[0]}`,
      );
    });
    const session = await client.createSession();
    try {
      const namespaces = (await session.readNamespaceArray()) as string[];
      const given = opts.node === 'ObjectsFolder' ? 'i=85' : opts.node;
      const start = resolverFor(namespaces, [given]).resolve(given);
      const [cls, name] = await session.read([
        { nodeId: start, attributeId: AttributeIds.NodeClass },
        { nodeId: start, attributeId: AttributeIds.BrowseName },
      ]);
      if (!cls.statusCode.isGood()) throw new Error(`node ${opts.node}: ${cls.statusCode.name}`);
      const qualified = name.value.value as { name?: string; namespaceIndex?: number } | null;
      const root = {
        nodeId: resolveNodeId(start),
        name: qualifiedName(qualified?.namespaceIndex ?? 0, qualified?.name ?? start),
      };
      await printNode(session, namespaces, root, Number(cls.value.value), '', opts);
      await walk(session, namespaces, root.nodeId, opts.depth, '  ', opts);
    } finally {
      await session.close().catch(() => undefined);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

async function walk(
  session: ClientSession,
  namespaces: readonly string[],
  nodeId: NodeId,
  depth: number,
  indent: string,
  opts: BrowseOptions,
): Promise<void> {
  if (depth <= 0) return;
  const result = await session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable | NodeClassMask.Method,
    resultMask: 63,
  });
  for (const ref of result.references ?? []) {
    await printNode(session, namespaces, refNode(ref), ref.nodeClass, indent, opts);
    if (ref.nodeClass === NodeClass.Object || ref.nodeClass === NodeClass.Variable)
      await walk(session, namespaces, ref.nodeId, depth - 1, indent + '  ', opts);
  }
}

/** A browse name as `ns:name`, or `name` in namespace 0. */
function qualifiedName(ns: number, name: string): string {
  return `${ns ? `${ns}:` : ''}${name}`;
}

function refNode(ref: ReferenceDescription): { nodeId: NodeId; name: string } {
  return {
    nodeId: ref.nodeId,
    name: qualifiedName(ref.browseName.namespaceIndex, ref.browseName.name ?? ''),
  };
}

async function printNode(
  session: ClientSession,
  namespaces: readonly string[],
  node: { nodeId: NodeId; name: string },
  nodeClass: number,
  indent: string,
  opts: BrowseOptions,
): Promise<void> {
  let line = `${indent}${node.name}  [${NodeClass[nodeClass] ?? nodeClass}]  ${nodeIdForms(node.nodeId, namespaces)}`;
  if (nodeClass === NodeClass.Variable) {
    const [type, value] = await session.read([
      { nodeId: node.nodeId, attributeId: AttributeIds.DataType },
      { nodeId: node.nodeId, attributeId: AttributeIds.Value },
    ]);
    const typeId = type.value.value as NodeId | null;
    const typeName = typeId ? await dataTypeName(session, typeId) : '?';
    const shown = value.statusCode.isGood() ? JSON.stringify(value.value.value) : value.statusCode.name;
    line += `  ${typeName} = ${shown}`;
  }
  opts.write(line);
}

/** A built-in type's name (Int16, String, …), else the type node's browse name (UtcTime, …). */
async function dataTypeName(session: ClientSession, typeId: NodeId): Promise<string> {
  if (typeId.namespace === 0 && DataType[Number(typeId.value)]) return DataType[Number(typeId.value)];
  const name = await session.read({ nodeId: typeId, attributeId: AttributeIds.BrowseName });
  return String(name.value.value?.name ?? typeId.toString());
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
