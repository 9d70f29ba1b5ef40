/**
 * Pure mappings from the gateway's parts to the dashboard's views: devices, events, stations.
 * Kept apart from the hub so each is tested with plain objects.
 */
import type { GatewayEvent } from '../events/event';
import type { DeviceHealth } from '../ports';
import type { CycleInput, DevicePart, DeviceView, EventView, LineStationSource, StationView } from './types';

/** Kinds shown on the station cards rather than in the device list. */
export const TRIGGER_KIND = 'trigger';

/** A device's row: health, printer status, and the numeric counters of its detail. */
export function deviceView(kind: string, part: DevicePart, health: DeviceHealth = part.health()): DeviceView {
  const view: DeviceView = { kind, name: part.name, ok: health.ok, state: health.state };
  const printer = part.status?.();
  if (printer) view.printer = printer;
  const counters: Record<string, number> = {};
  for (const [key, value] of Object.entries(health.detail ?? {}))
    if (typeof value === 'number' && Number.isFinite(value)) counters[key] = value;
  if (Object.keys(counters).length > 0) view.counters = counters;
  return view;
}

/** One event row, with the one detail an operator looks for first. */
export function eventView(e: GatewayEvent): EventView {
  const view: EventView = { seq: e.seq, time: e.time, type: e.type };
  if (e.station !== undefined) view.station = e.station;
  if (e.serial !== undefined) view.serial = e.serial;
  const detail = eventDetail(e);
  if (detail) view.detail = detail;
  return view;
}

function eventDetail(e: GatewayEvent): string | undefined {
  const d = e.data;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  switch (e.type) {
    case 'unit.started':
      return text(d.trigger) && `via ${text(d.trigger)}`;
    case 'label.printed':
      return d.reprint === true ? `reprint on ${text(d.printer)}: ${text(d.reason)}` : text(d.printer);
    case 'label.failed':
      return [text(d.code), text(d.printer)].filter(Boolean).join(' on ');
    default:
      return text(d.result) ?? text(d.reason) ?? text(d.code) ?? text(d.serial) ?? text(d.lot);
  }
}

/** What the hub remembers of a start station's cycles. */
export interface CycleMemory {
  last?: CycleInput & { at: string };
  /** the serial of the latest cycle that had one (a failed cycle may have none). */
  lastSerial?: string;
  /** the serial reserved after a failed step, until a cycle succeeds. */
  waiting?: string;
  cycles: number;
  failures: number;
}

/** A start station's card: its trigger's state and its last cycle. */
export function startStationView(
  id: string,
  memory: CycleMemory | undefined,
  trigger: DeviceHealth | undefined,
): StationView {
  const last = memory?.last;
  const view: StationView = {
    id,
    kind: 'start',
    state: trigger ? trigger.state : 'manual (API)',
    ok: (trigger?.ok ?? true) && (last === undefined || last.result === 0),
    cycles: memory?.cycles ?? 0,
    failures: memory?.failures ?? 0,
  };
  if (memory?.lastSerial !== undefined) view.lastSerial = memory.lastSerial;
  if (last) {
    view.lastResult = last.result;
    view.lastCycleMs = Math.round(last.durationMs * 10) / 10;
    view.lastAt = last.at;
    if (last.code !== undefined) view.lastCode = last.code;
    const advice = adviceFor(last.code, last.error, memory?.waiting);
    if (advice) view.advice = advice;
  }
  if (memory?.waiting !== undefined) view.waitingSerial = memory.waiting;
  return view;
}

/** What to do about a failure code, in an operator's words. */
const ADVICE: Record<string, string> = {
  PRINTER_SILENT: 'out of paper or head open: check media',
  PRINTER_PAPER_OUT: 'out of paper: load labels',
  PRINTER_HEAD_OPEN: 'head open: close the print head',
  PRINTER_PAUSED: 'paused: press the pause button to resume',
  PRINTER_RIBBON_OUT: 'ribbon out: load a ribbon',
  PRINTER_OFFLINE: 'not reachable: check its cable and power',
  PRINTER_CONFIRM_TIMEOUT: 'did not confirm the label: check the label came out',
  CARRIER_NOT_READ: 'no carrier read: check the pallet is at the reader',
  STORE_FULL: 'the MES has not taken events for a long time: check the upstream link',
  STORE_WRITE_FAILED: 'the disk is full or failing: free space',
};

/** "printer zebra1: out of paper or head open: check media; serial 2649… waits for its label". */
export function adviceFor(
  code: string | undefined,
  error: string | undefined,
  waiting?: string,
): string | undefined {
  if (!code) return undefined;
  const printer = /^PRINTER_/.test(code) ? /printer (\S+):\s/i.exec(error ?? '')?.[1] : undefined;
  const what = ADVICE[code] ?? error ?? code;
  const who = printer ? `printer ${printer}: ` : /^PRINTER_/.test(code) ? 'printer: ' : '';
  return `${who}${what}${waiting ? `; serial ${waiting} waits for its label` : ''}`;
}

/** A station after the start: the unit identified there and its counters. */
export function lineStationView(
  id: string,
  kind: string,
  station: LineStationSource | undefined,
): StationView {
  const stats = station?.stats;
  const view: StationView = {
    id,
    kind,
    state: station?.unit !== undefined ? 'unit identified' : 'waiting for a unit',
    ok: true,
    cycles: stats ? stats.identified : 0,
    failures: stats ? stats.refused : 0,
  };
  if (station?.unit !== undefined) view.lastSerial = station.unit;
  if (stats) {
    const { identified, consumed, refused, completed } = stats;
    view.counts = { identified, consumed, refused, completed };
    if (stats.lastRelease) view.refusal = { ...stats.lastRelease };
    if (stats.lastRefusal !== undefined) view.lastRefusal = stats.lastRefusal;
  }
  return view;
}

/**
 * Counts reconnects of PLC connections: the device's own `detail.reconnects` when it reports one,
 * otherwise each return to ok after having been up (sampled, so a blip between samples is missed).
 */
export class ReconnectTracker {
  private readonly seen = new Map<string, { ok: boolean; everUp: boolean; transitions: number }>();
  private readonly reported = new Map<string, number>();

  /** Notes one reading of a device's health. */
  observe(name: string, health: DeviceHealth): void {
    const own = health.detail?.reconnects;
    if (typeof own === 'number') this.reported.set(name, own);
    const s = this.seen.get(name);
    if (!s) {
      this.seen.set(name, { ok: health.ok, everUp: health.ok, transitions: 0 });
      return;
    }
    if (!s.ok && health.ok && s.everUp) s.transitions += 1;
    s.ok = health.ok;
    s.everUp ||= health.ok;
  }

  /** Reconnects so far, by device name. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, s] of this.seen) out.set(name, this.reported.get(name) ?? s.transitions);
    return out;
  }
}
