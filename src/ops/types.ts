/**
 * What the operations surface (telemetry hub, metrics, dashboard) reads from the gateway, as
 * small structural interfaces, and the snapshot the dashboard shows. The gateway's parts satisfy
 * these without knowing about them, so the hub can be tested with plain objects.
 */
import type { GatewayEvent } from '../events/event';
import type { HasHealth, PrinterStatus, ResultCode, StartRequest } from '../ports';

/** Figures of the outbox, a subset of the upstream part's UpstreamStats. */
export interface OutboxFigures {
  /** events not yet acknowledged by every sink. */
  depth: number;
  /** age in ms of the oldest event not yet acknowledged (0 when none). */
  oldestAgeMs: number;
  /** events acknowledged, failed delivery attempts and events dead-lettered since start. */
  sent: number;
  failed: number;
  deadLettered: number;
  /** events acknowledged without being sent (no meaning in the sink's format: EPCIS). */
  skipped?: number;
}

/** The upstream part as the hub sees it. */
export interface OutboxSource {
  stats(): OutboxFigures;
  /** `upstream:<sink>` and `outbox` health parts. */
  health?(): Record<string, { ok: boolean; state: string }>;
}

/** A device or trigger: anything with a name and a health; printers also report status(). */
export interface DevicePart extends HasHealth {
  readonly name: string;
  status?(): PrinterStatus | undefined;
}

/** Every device part with its kind (`printer`, `reader`, `scanner`, `plc`, `trigger`, ...). */
export type DeviceList = () => ReadonlyArray<readonly [kind: string, part: DevicePart]>;

/** A serial scheme's use: the highest sequence per period key, and the capacity of a period. */
export interface SchemeUse {
  readonly name: string;
  readonly capacity: number;
  readonly used: ReadonlyMap<string, number>;
}

/** A station after the start, as the dashboard shows it. */
export interface LineStationSource {
  readonly unit: string | undefined;
  readonly stats: {
    identified: number;
    consumed: number;
    refused: number;
    completed: number;
    /** the latest process-release refusal here. */
    lastRelease?: { serial: string; reason: string; at: string };
    /** refusals by error code. */
    refusals?: Record<string, number>;
    /** the last refusal, with its reason. */
    lastRefusal?: string;
  };
}

/** The journal's durable-batch notifications. */
export interface CommittedSource {
  on(event: 'committed', listener: (events: GatewayEvent[]) => void): unknown;
  off(event: 'committed', listener: (events: GatewayEvent[]) => void): unknown;
}

/** What the hub learns from each start cycle (a CycleReport satisfies it). */
export interface CycleInput {
  station: string;
  source: StartRequest['source'];
  result: ResultCode;
  serial?: string;
  /** the serial reserved for the retry after a failed step (its label was not printed). */
  waiting?: string;
  code?: string;
  error?: string;
  durationMs: number;
}

/** The gateway's parts the hub reads; each is optional and read lazily (parts start in order). */
export interface HubSources {
  journal?: CommittedSource;
  outbox?: () => OutboxSource | undefined;
  devices?: DeviceList;
  schemes?: () => Iterable<SchemeUse>;
  lineStations?: () => ReadonlyMap<string, LineStationSource> | undefined;
  health?: () => { ok: boolean; parts: Record<string, { ok: boolean; state: string }> };
  /** the store's verdict against its high-water mark (docs/store-integrity.md). */
  integrity?: () => StoreIntegritySource | undefined;
}

/** The figures of the store's integrity verdict at open. */
export interface StoreIntegritySource {
  state: string;
  ok: boolean;
  skippedSeqs: number;
  skippedNumbers: number;
  lostNumbers: number;
  problems: number;
}

// ---------------------------------------------------------------------------------------------
// The dashboard snapshot (JSON over /api/dashboard and the event stream).

/** One station card. */
export interface StationView {
  id: string;
  kind: string;
  /** trigger or identification state, e.g. "idle", "serving a request", "manual (API)". */
  state: string;
  /** false when the last cycle failed or the station's trigger is unhealthy. */
  ok: boolean;
  lastSerial?: string;
  /** the serial in progress: reserved, waiting for the retry of a failed step (e.g. its label). */
  waitingSerial?: string;
  /** what went wrong and what to do, in an operator's words. */
  advice?: string;
  lastResult?: number;
  lastCode?: string;
  lastCycleMs?: number;
  /** ISO time of the last cycle. */
  lastAt?: string;
  cycles: number;
  failures: number;
  /** counters of a station after the start. */
  counts?: Record<string, number>;
  /** the latest unit the process release refused here, with every reason as one line. */
  refusal?: { serial: string; reason: string; at: string };
  /** a station after the start: its last refusal (a scan or result it could not attribute), with the reason. */
  lastRefusal?: string;
}

/** One device row. */
export interface DeviceView {
  kind: string;
  name: string;
  ok: boolean;
  state: string;
  printer?: PrinterStatus;
  /** numeric counters from the device's health detail (printed, reconnects, ...). */
  counters?: Record<string, number>;
}

/** One row of the latest events. */
export interface EventView {
  seq: number;
  time: string;
  type: string;
  station?: string;
  serial?: string;
  detail?: string;
}

/** The outbox panel. */
export interface OutboxView extends OutboxFigures {
  /** [ms since epoch, depth] samples, oldest first. */
  series: Array<[number, number]>;
  sinks: Array<{ name: string; ok: boolean; state: string }>;
}

/** The last label printed (its image comes from /api/labels/last.png). */
export interface LabelView {
  /** changes with every label: the page reloads the image when it changes. */
  id: number;
  printer: string;
  serial?: string;
  at: string;
}

/** Everything the dashboard shows, at one moment. */
export interface DashboardSnapshot {
  gatewayId: string;
  /** ISO time of the snapshot. */
  now: string;
  health: { ok: boolean; failing: Array<{ part: string; state: string }> };
  stations: StationView[];
  devices: DeviceView[];
  outbox: OutboxView | undefined;
  events: EventView[];
  label: LabelView | undefined;
}
