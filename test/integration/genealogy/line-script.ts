/**
 * Whole line scripts for the property tests, and their oracle. A script is what happens on the
 * floor, in time order: carriers started at ST10 (a read there, then a start that binds a new
 * unit), carriers visiting stations A and B (assembly, reader + scanner each) and E (end) in any
 * order, read with duplicates and dropouts, tags bound to nothing, scans of every kind at 0-500 ms
 * from anything, gateway restarts. A carrier is in one place at a time.
 *
 * The oracle reads the script alone, by brute force over its events, with the reader's physical
 * rule: a tag is at a station from a read that follows no read of it within the window (since the
 * last restart) until the window passes without a read, and the station's carrier is the one that
 * arrived last, while it is there. It shares no code with the gateway.
 */
import fc from 'fast-check';
import { GS } from '../../../src/gs1';

/** The reader window of every reader in the scripts (ms). */
export const WINDOW_MS = 300;
export const ASSEMBLY = ['A', 'B'] as const;
export type StationName = 'A' | 'B' | 'E';

/** A component a scan names, or nothing (a scan no station accepts). */
export interface ScannedComponent {
  serial?: string;
  lot?: string;
}

export type ScriptEvent =
  | { t: number; kind: 'read'; station: StationName; epc: string }
  | { t: number; kind: 'scan'; station: 'A' | 'B'; text: string; component?: ScannedComponent }
  | { t: number; kind: 'start'; epc: string }
  | { t: number; kind: 'restart' };

/** What the script says must come out. */
export interface Expected {
  /** start index → the components consumed into that unit, as `serial|lot` keys, sorted. */
  components: Map<number, string[]>;
  /** lot → start indexes of the units that contain it, sorted. */
  lots: Map<string, number[]>;
  /** component serial → start index of the unit it went into. */
  serials: Map<string, number>;
  consumed: number;
  refused: number;
  /** start indexes of the units completed at E. */
  completed: number[];
}

export type ScanKind = 'plain' | 'gs1' | 'lot' | 'bad-text' | 'bad-gs1';

/** One step of a script: a gap, then something that happens. */
export interface Step {
  gap: number;
  action:
    | { kind: 'start'; carrier: number }
    | {
        kind: 'visit';
        carrier: number;
        station: StationName;
        reads: number[];
        scans: Array<[[number, 'first' | 'last'], ScanKind]>;
      }
    | { kind: 'stray'; station: 'A' | 'B'; scan: ScanKind }
    | { kind: 'restart' };
}

const scanKind = fc.constantFrom<ScanKind>('plain', 'gs1', 'gs1', 'lot', 'bad-text', 'bad-gs1');
/** Gaps between reads: mostly duplicates well inside the window, sometimes a dropout past it. */
const readGap = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: WINDOW_MS - 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: WINDOW_MS, max: WINDOW_MS * 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, WINDOW_MS - 1, WINDOW_MS, WINDOW_MS + 1) },
);
/** A scan's time: from the carrier's first read or its last, 0-500 ms, often right at an edge. */
const scanAt = fc.tuple(
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 500 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 20, WINDOW_MS - 1, WINDOW_MS, WINDOW_MS + 1) },
  ),
  fc.constantFrom<'first' | 'last'>('first', 'last'),
);
const step = (carriers: number): fc.Arbitrary<Step> =>
  fc.record({
    gap: fc.integer({ min: 0, max: 500 }),
    action: fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), carrier: fc.nat(carriers) }) },
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('visit' as const),
          carrier: fc.nat(carriers), // == carriers: a tag bound to nothing, ever
          station: fc.constantFrom<StationName>('A', 'B', 'A', 'B', 'E'),
          reads: fc.array(readGap, { minLength: 0, maxLength: 6 }),
          scans: fc.array(fc.tuple(scanAt, scanKind), { maxLength: 4 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('stray' as const),
          station: fc.constantFrom('A', 'B'),
          scan: scanKind,
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
    ),
  });

/** Arbitrary scripts of up to `maxSteps` steps over 1-4 carriers (and one tag bound to nothing). */
export function scriptArbitrary(maxSteps: number): fc.Arbitrary<Step[]> {
  return fc
    .integer({ min: 1, max: 4 })
    .chain((carriers) => fc.array(step(carriers), { minLength: 1, maxLength: maxSteps }));
}

/** A GTIN-14 with a valid check digit. */
const GTIN = '09506000134352';

/** How a script is laid out in time. */
export interface LayOutOptions {
  /** every gap and offset is multiplied by this (the pty suite plays scripts faster). */
  scale?: number;
  /** the carrier's travel time from ST10 to its next station (ms, after scaling). */
  travelMs?: number;
  /** leave out restarts (the pty suite restarts nothing). */
  noRestarts?: boolean;
}

/** Lays the steps out in time from `t0`, naming tags, components and lots with `prefix`. */
export function layOut(steps: Step[], t0: number, prefix: string, opts: LayOutOptions = {}): ScriptEvent[] {
  const k = opts.scale ?? 1;
  const window = WINDOW_MS * k;
  const events: ScriptEvent[] = [];
  const busyUntil = new Map<number, number>();
  let t = t0;
  let n = 0;
  const scan = (kind: ScanKind, station: 'A' | 'B', at: number) => {
    n++;
    const serial = `${prefix}P${n}`;
    const lot = `${prefix}L${n % 3}`;
    const make: Record<ScanKind, () => { text: string; component?: ScannedComponent }> = {
      plain: () => ({ text: serial, component: { serial } }),
      gs1: () => ({ text: `]d201${GTIN}10${lot}${GS}21${serial}`, component: { serial, lot } }),
      lot: () => ({ text: `]C110${lot}`, component: { lot } }),
      'bad-text': () => ({ text: `${serial} X` }), // a space: not a component serial here
      'bad-gs1': () => ({ text: `]d20109506000134353` }), // wrong check digit
    };
    events.push({ t: at, kind: 'scan', station, ...make[kind]() });
  };
  // EPCs as readers report them: upper-case hex, whole 16-bit words.
  const epc = (carrier: number) => {
    const hex = Buffer.from(`${prefix}C${carrier}`, 'latin1').toString('hex').toUpperCase();
    return hex.padEnd(Math.ceil(hex.length / 4) * 4, '0');
  };
  for (const { gap, action } of steps) {
    t += Math.round(gap * k);
    if (action.kind === 'restart') {
      if (!opts.noRestarts) events.push({ t, kind: 'restart' });
    } else if (action.kind === 'stray') scan(action.scan, action.station, t);
    else {
      const from = Math.max(t, (busyUntil.get(action.carrier) ?? -Infinity) + 1);
      if (action.kind === 'start') {
        events.push({ t: from, kind: 'start', epc: epc(action.carrier) });
        busyUntil.set(action.carrier, from + (opts.travelMs ?? 0));
        continue;
      }
      let at = from;
      events.push({ t: at, kind: 'read', station: action.station, epc: epc(action.carrier) });
      for (const g of action.reads)
        events.push({
          t: (at += Math.round(g * k)),
          kind: 'read',
          station: action.station,
          epc: epc(action.carrier),
        });
      busyUntil.set(action.carrier, at + window); // gone from the field a window after its last read
      if (action.station === 'E') continue;
      for (const [[offset, anchor], kind] of action.scans)
        scan(kind, action.station, (anchor === 'first' ? from : at) + Math.round(offset * k));
    }
  }
  // Stable: events at the same time keep the order they were made in.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
    .map(({ e }) => e);
}

/** The oracle: what must be recorded, from the events alone. */
export function oracle(events: ScriptEvent[], windowMs = WINDOW_MS): Expected {
  const out: Expected = {
    components: new Map(),
    lots: new Map(),
    serials: new Map(),
    consumed: 0,
    refused: 0,
    completed: [],
  };
  const binding = new Map<string, number>(); // carrier → start index
  let starts = 0;
  let restartAt = -1; // index of the last restart
  const isArrival = (i: number) => {
    const e = events[i] as Extract<ScriptEvent, { kind: 'read' }>;
    for (let j = i - 1; j > restartAt; j--) {
      const p = events[j];
      if (p.kind === 'read' && p.station === e.station && p.epc === e.epc) return e.t - p.t >= windowMs;
    }
    return true;
  };
  /** The carrier at the station just before event i: the last arrival, while it is still there. */
  const carrierAt = (station: StationName, i: number, t: number): string | undefined => {
    let arrived: string | undefined;
    for (let j = i - 1; j > restartAt && arrived === undefined; j--) {
      const p = events[j];
      if (p.kind === 'read' && p.station === station && isArrival(j)) arrived = p.epc;
    }
    if (arrived === undefined) return undefined;
    for (let j = i - 1; j > restartAt; j--) {
      const p = events[j];
      if (p.kind === 'read' && p.station === station && p.epc === arrived)
        return t - p.t < windowMs ? arrived : undefined;
    }
    return undefined;
  };
  const unitOnArrival = new Map<string, number | undefined>(); // `${station}|${epc}` → unit named at its arrival
  events.forEach((e, i) => {
    if (e.kind === 'restart') restartAt = i;
    else if (e.kind === 'start') binding.set(e.epc, starts++);
    else if (e.kind === 'read' && isArrival(i)) {
      const unit = binding.get(e.epc);
      unitOnArrival.set(`${e.station}|${e.epc}`, unit);
      if (e.station === 'E' && unit !== undefined) {
        out.completed.push(unit);
        binding.delete(e.epc);
      }
    } else if (e.kind === 'scan') {
      const carrier = carrierAt(e.station, i, e.t);
      const unit = carrier === undefined ? undefined : unitOnArrival.get(`${e.station}|${carrier}`);
      if (!e.component || unit === undefined) {
        out.refused++;
        return;
      }
      out.consumed++;
      const key = `${e.component.serial ?? ''}|${e.component.lot ?? ''}`;
      out.components.set(unit, [...(out.components.get(unit) ?? []), key].sort());
      if (e.component.serial !== undefined) out.serials.set(e.component.serial, unit);
      if (e.component.lot !== undefined) {
        const units = new Set(out.lots.get(e.component.lot) ?? []).add(unit);
        out.lots.set(
          e.component.lot,
          [...units].sort((a, b) => a - b),
        );
      }
    }
  });
  return out;
}

/**
 * The script without what real time cannot decide: reads whose gap to the previous read of the
 * tag is within `marginMs` of the window (drop-out or not?), and scans within `marginMs` of a tag
 * arriving or leaving at their station (before or after?). The pty suite plays only what is left;
 * the core suite, on a fake clock, plays every edge to the millisecond.
 */
export function clearOfEdges(events: ScriptEvent[], windowMs: number, marginMs: number): ScriptEvent[] {
  const last = new Map<string, number>();
  const edges = new Map<string, number[]>();
  const kept: ScriptEvent[] = [];
  for (const e of events) {
    if (e.kind !== 'read') continue;
    const key = `${e.station}|${e.epc}`;
    const prev = last.get(key);
    if (prev !== undefined && Math.abs(e.t - prev - windowMs) < marginMs) continue;
    const at = edges.get(e.station) ?? [];
    if (prev === undefined || e.t - prev >= windowMs) {
      if (prev !== undefined) at.push(prev + windowMs);
      at.push(e.t);
    }
    edges.set(e.station, at);
    last.set(key, e.t);
  }
  for (const [key, t] of last) edges.get(key.split('|')[0])!.push(t + windowMs);
  const readKept = new Set<ScriptEvent>();
  last.clear();
  for (const e of events) {
    if (e.kind !== 'read') continue;
    const key = `${e.station}|${e.epc}`;
    const prev = last.get(key);
    if (prev !== undefined && Math.abs(e.t - prev - windowMs) < marginMs) continue;
    readKept.add(e);
    last.set(key, e.t);
  }
  for (const e of events) {
    if (e.kind === 'read' && !readKept.has(e)) continue;
    if (e.kind === 'scan' && (edges.get(e.station) ?? []).some((t) => Math.abs(e.t - t) < marginMs)) continue;
    kept.push(e);
  }
  return kept;
}
