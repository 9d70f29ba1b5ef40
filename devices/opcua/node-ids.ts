import { LinegateError } from '../../src/errors';
/**
 * Node ids as configured, `ns=N;…` or `nsu=NAMESPACE-URI;…`, and their resolution against a
 * PLC's namespace array. A PLC may renumber its namespaces with a download, so the array is read
 * at every connect and `nsu=` ids are resolved again each time.
 */

/** `nsu=URI;` followed by the identifier part (`s=`, `i=`, `g=` or `b=`). */
const NSU = /^nsu=(.+?);([sigb]=.*)$/s;

/** The namespace URI of an `nsu=` node id, or undefined for any other form. */
export function namespaceUriOf(nodeId: string): string | undefined {
  const match = NSU.exec(nodeId);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** Maps configured node ids to the `ns=N;…` form of one session. */
export interface NodeIdResolver {
  /** the id to send to the server; `nodeId` itself when it is not an `nsu=` id. */
  resolve(nodeId: string): string;
}

/**
 * Resolves every `nsu=` id among `nodeIds` against `namespaceArray` (index = position). Throws
 * OPCUA_NAMESPACE_UNKNOWN naming the node and the URIs the PLC has, when one is missing.
 */
export function resolverFor(namespaceArray: readonly string[], nodeIds: Iterable<string>): NodeIdResolver {
  const resolved = new Map<string, string>();
  const resolveOne = (nodeId: string): string => {
    const match = NSU.exec(nodeId);
    if (!match) return nodeId;
    const uri = decodeURIComponent(match[1]);
    const index = namespaceArray.indexOf(uri);
    if (index < 0) {
      throw new LinegateError(
        'OPCUA_NAMESPACE_UNKNOWN',
        `node ${nodeId}: the PLC has no namespace "${uri}" (it has: ${namespaceArray.join(', ')})`,
      );
    }
    return `ns=${index};${match[2]}`;
  };
  for (const nodeId of nodeIds) resolved.set(nodeId, resolveOne(nodeId));
  return {
    resolve(nodeId) {
      let out = resolved.get(nodeId);
      if (out === undefined) {
        out = resolveOne(nodeId);
        resolved.set(nodeId, out);
      }
      return out;
    },
  };
}
