/**
 * Traces from the gateway's own store, with the MES offline: backward (as-built: what went into
 * a unit, nested through subassemblies built here) and forward (where-used: every unit that
 * contains a serial or a lot, directly or through a subassembly). A re-serialized part resolves
 * under the supplier's serial and the plant's alike.
 */
import type { Store } from '../store/store';
import { Sublevels, joinKey } from '../store/layout';
import type { ComponentRecord, SerialRecord } from '../units/unit';
import { serialUseKey, type Installation } from '../units/consume';
import { UnitRecords } from '../units/records';

/** A component as the API shows it, with its own components when it was built here. */
export type ComponentView = Omit<ComponentRecord, 'source'> & {
  source: ComponentRecord['source'];
  components: ComponentView[];
};

/** Subassemblies nest rarely more than a few levels; the bound stops a corrupt cycle. */
const MAX_DEPTH = 32;

/** The as-built tree of a unit's components. */
export async function asBuilt(store: Store, record: SerialRecord, depth = 0): Promise<ComponentView[]> {
  const out: ComponentView[] = [];
  for (const c of record.components ?? []) {
    let components: ComponentView[] = [];
    if (c.serial !== undefined && depth < MAX_DEPTH) {
      const sub = await UnitRecords.read(store, c.serial);
      if (sub) components = await asBuilt(store, sub, depth + 1);
    }
    out.push({ ...c, components });
  }
  return out;
}

/** Every unit that contains the serial or the lot, directly or through subassemblies, sorted. */
export async function whereUsed(store: Store, query: { serial?: string; lot?: string }): Promise<string[]> {
  const uses = store.sub(Sublevels.uses);
  const direct: string[] = [];
  if (query.serial !== undefined) {
    for (const serial of await sameParts(store, query.serial)) {
      const installed = (await uses.get(serialUseKey(serial))) as Installation | undefined;
      if (installed) direct.push(installed.unit);
    }
  }
  if (query.lot !== undefined) {
    const prefix = joinKey('lot', query.lot, '');
    for await (const key of uses.keys({ gt: prefix, lt: prefix + '\xff' }))
      direct.push(key.slice(prefix.length));
  }
  // Walk up level by level (one getMany per level): a unit consumed as a component into a
  // parent is installed there.
  const found = new Set<string>();
  let level = direct;
  for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth++) {
    level = level.filter((u) => !found.has(u));
    level.forEach((u) => found.add(u));
    const parents = (await uses.getMany(level.map(serialUseKey))) as Array<Installation | undefined>;
    level = parents.filter((p): p is Installation => p !== undefined).map((p) => p.unit);
  }
  return [...found].sort();
}

/** The serial and, for a re-serialized part, its other serial: both name the same part. */
async function sameParts(store: Store, serial: string): Promise<string[]> {
  const record = await UnitRecords.read(store, serial);
  const other = record?.reserializedAs ?? record?.originalSerial;
  return other === undefined ? [serial] : [serial, other];
}
