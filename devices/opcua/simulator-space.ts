/**
 * The address space of the simulated PLC: per station `<ID>.Request|Ack|Serial|Result|Reason`
 * (plus operation-data nodes), declared the way the switches say (result type, serial length,
 * the namespace the nodes live in and where it lands in the namespace array).
 */
import { DataType, Variant, type OPCUAServer, type UAVariable } from 'node-opcua';

/** The data types a simulated node may be declared with. */
export type SimDataType =
  'Boolean' | 'SByte' | 'Byte' | 'Int16' | 'UInt16' | 'Int32' | 'UInt32' | 'Double' | 'String';

/** How the station nodes are declared (the field's variants, one switch each). */
export interface SimDeclarations {
  /** URI of the namespace that holds the station nodes; default: the server's own (index 1). */
  namespaceUri?: string;
  /** filler namespaces registered before the station namespace (a PLC download renumbers them). */
  fillerNamespaces?: number;
  /** data type of `<ID>.Result` (default Int16). */
  resultDataType?: SimDataType;
  /**
   * maximum length of `<ID>.Serial` and `<ID>.Reason`, exposed as their MaxStringLength property
   * (node-opcua refuses ArrayDimensions on a scalar); longer writes are cut, as a PLC's STRING[n] does.
   */
  serialMaxLength?: number;
  /** variables' minimum sampling interval, ms (default 0). */
  minSamplingIntervalMs?: number;
}

/** One node to create for a station. */
export interface SimNode {
  name: string;
  dataType: SimDataType;
  value: boolean | number | string;
  /** called with every value written to it. */
  onWrite?: (value: unknown) => void;
}

/** What was built: the station variables by `<ID>.<name>`, and the index of their namespace. */
export interface SimSpace {
  variables: Map<string, UAVariable>;
  namespaceIndex: number;
}

/** A value of `dataType` for a number or boolean initial value (a Boolean result node starts false). */
function coerce(dataType: SimDataType, value: boolean | number | string): boolean | number | string {
  if (dataType === 'Boolean') return Boolean(value);
  if (dataType === 'String') return String(value);
  return typeof value === 'number' ? value : Number(value) || 0;
}

/** Builds the station nodes of `stations` (each with `nodesOf(station)`) into the server's address space. */
export function buildSpace(
  server: OPCUAServer,
  stations: readonly string[],
  nodesOf: (station: string) => SimNode[],
  decl: SimDeclarations,
): SimSpace {
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('PlcSimulator: no address space');
  for (let i = 0; i < (decl.fillerNamespaces ?? 0); i++)
    addressSpace.registerNamespace(`urn:linegate:plc-simulator:filler:${i}`);
  const namespace = decl.namespaceUri
    ? addressSpace.registerNamespace(decl.namespaceUri)
    : addressSpace.getOwnNamespace();
  const folder = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'PLC' });
  const variables = new Map<string, UAVariable>();
  const max = decl.serialMaxLength;
  for (const station of stations) {
    for (const node of nodesOf(station)) {
      const dataType = DataType[node.dataType];
      const limited = max !== undefined && (node.name === 'Serial' || node.name === 'Reason');
      const variable = namespace.addVariable({
        componentOf: folder,
        browseName: `${station}.${node.name}`,
        nodeId: `s=${station}.${node.name}`,
        dataType,
        minimumSamplingInterval: decl.minSamplingIntervalMs ?? 0,
        value: new Variant({ dataType, value: coerce(node.dataType, node.value) }),
      });
      if (limited) {
        namespace.addVariable({
          propertyOf: variable,
          browseName: { name: 'MaxStringLength', namespaceIndex: 0 },
          dataType: DataType.UInt32,
          value: new Variant({ dataType: DataType.UInt32, value: max }),
        });
      }
      variable.on('value_changed', (dataValue) => {
        const value: unknown = dataValue.value.value;
        if (limited && typeof value === 'string' && value.length > max) {
          // a PLC's STRING[n] keeps the first n characters: silent truncation, the field's trap.
          variable.setValueFromSource(new Variant({ dataType, value: value.slice(0, max) }));
          return;
        }
        node.onWrite?.(value);
      });
      variables.set(`${station}.${node.name}`, variable);
    }
  }
  return { variables, namespaceIndex: namespace.index };
}
