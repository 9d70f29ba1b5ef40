/**
 * What the property suites share: the line every script runs on, and reading back what the
 * store and the stations say in the oracle's terms.
 */
import assert from 'node:assert/strict';
import type { Config } from '../../../src/config/schema';
import { parseConfig } from '../../helpers/gateway-config';
import { whereUsed } from '../../../src/genealogy/trace';
import { Sublevels } from '../../../src/store/layout';
import type { Store } from '../../../src/store/store';
import type { SerialRecord } from '../../../src/units/unit';
import { WINDOW_MS, type Expected, type oracle, type ScriptEvent } from './line-script';

/** The line of every script: ST10 binds carriers, A and B assemble, E completes. */
export const SCRIPT_LINE = `gateway: { id: gw-prop, dataDir: ./unused }
api: { listen: 127.0.0.1:0, token: prop-token-0123456789 }
serials:
  unit: { format: "U{seq:7}" }
stations:
  - { id: ST10, kind: start, partNumber: PN-1, serial: unit, carrier: { reader: r10 } }
  - { id: A, kind: assembly, identify: { reader: rA }, consume: { scanner: sA } }
  - { id: B, kind: assembly, identify: { reader: rB }, consume: { scanner: sB } }
  - { id: E, kind: end, identify: { reader: rE } }
readers:
  r10: { connection: { type: simulator } }
  rA: { connection: { type: simulator }, dedupWindowMs: ${WINDOW_MS} }
  rB: { connection: { type: simulator }, dedupWindowMs: ${WINDOW_MS} }
  rE: { connection: { type: simulator }, dedupWindowMs: ${WINDOW_MS} }
scanners:
  sA: { connection: { type: simulator } }
  sB: { connection: { type: simulator } }
`;

/** The script line's config. */
export function scriptConfig(yaml = SCRIPT_LINE): Config {
  return parseConfig(yaml, 'prop.yaml');
}

/** What the test compares, in the oracle's terms: every unit's components and the where-used answers. */
export type Observed = Expected;

/** Reads back what the store and the stations say, in the oracle's terms. */
export async function observe(
  store: Store,
  units: string[],
  events: ScriptEvent[],
  counters: { consumed: number; refused: number },
): Promise<Observed> {
  const index = new Map(units.map((u, i) => [u, i]));
  const out: Observed = {
    components: new Map(),
    lots: new Map(),
    serials: new Map(),
    ...counters,
    completed: [],
  };
  for (const [i, serial] of units.entries()) {
    const record = (await store.sub(Sublevels.serials).get(serial)) as SerialRecord;
    const keys = (record.components ?? []).map((c) => `${c.serial ?? ''}|${c.lot ?? ''}`).sort();
    if (keys.length > 0) out.components.set(i, keys);
    if (record.status === 'completed') out.completed.push(i);
  }
  const lots = new Set<string>();
  for (const e of events) {
    if (e.kind !== 'scan' || !e.component) continue;
    if (e.component.lot !== undefined) lots.add(e.component.lot);
    if (e.component.serial === undefined) continue;
    const used = await whereUsed(store, { serial: e.component.serial });
    assert.ok(used.length <= 1, `serial ${e.component.serial} in ${used.length} units`);
    if (used.length === 1) out.serials.set(e.component.serial, index.get(used[0])!);
  }
  for (const lot of lots) {
    const used = (await whereUsed(store, { lot })).map((u) => index.get(u)!).sort((a, b) => a - b);
    if (used.length > 0) out.lots.set(lot, used);
  }
  return out;
}

/** Compares observed with expected, with the script in the message. */
export function assertMatches(
  observed: Observed,
  expected: ReturnType<typeof oracle>,
  events: ScriptEvent[],
): void {
  const show = () => events.map((e) => JSON.stringify(e)).join('\n');
  const sorted = (m: Map<unknown, unknown>) =>
    [...m.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  assert.deepEqual(sorted(observed.components), sorted(expected.components), `as-built\n${show()}`);
  assert.deepEqual(sorted(observed.lots), sorted(expected.lots), `where-used by lot\n${show()}`);
  assert.deepEqual(sorted(observed.serials), sorted(expected.serials), `where-used by serial\n${show()}`);
  assert.equal(observed.consumed, expected.consumed, `consumed\n${show()}`);
  assert.equal(observed.refused, expected.refused, `refused\n${show()}`);
  assert.deepEqual(
    observed.completed,
    [...expected.completed].sort((a, b) => a - b),
    `completed\n${show()}`,
  );
}
