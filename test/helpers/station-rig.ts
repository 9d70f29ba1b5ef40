import type { StartStationConfig, SchemeConfig } from '../../src/config/schema';
import { compileFormat } from '../../src/serials/format';
import { SerialScheme, type CapacityAlarm } from '../../src/serials/scheme';
import { Journal } from '../../src/store/journal';
import { openStore, type Store } from '../../src/store/store';
import { StartStation } from '../../src/stations/start-station';
import type { CycleStep } from '../../src/stations/steps';
import { silentLog } from './silent-log';
import { tempDir } from './tmp';

/** A settable clock. */
export class TestClock {
  constructor(public t = Date.parse('2026-11-21T10:00:00Z')) {}
  now = (): number => this.t;
}

export interface Rig {
  store: Store;
  journal: Journal;
  scheme: SerialScheme;
  station: StartStation;
  clock: TestClock;
  alarms: CapacityAlarm[];
  dir: string;
  close(): Promise<void>;
  reopen(): Promise<Rig>;
}

export interface RigOptions {
  format?: string;
  scheme?: Partial<SchemeConfig>;
  station?: Partial<StartStationConfig>;
  steps?: CycleStep[];
  clock?: TestClock;
  dir?: string;
  timeZone?: string;
}

/** A start station over a real LevelDB store in a temp folder. */
export async function stationRig(opts: RigOptions = {}): Promise<Rig> {
  const tmp = opts.dir ? { dir: opts.dir, cleanup: () => undefined } : tempDir();
  const clock = opts.clock ?? new TestClock();
  const store = await openStore(tmp.dir);
  const journal = new Journal(store, { gatewayId: 'gw-1', clock });
  const config: SchemeConfig = {
    format: opts.format ?? '{YY}{seq:4}',
    vars: {},
    source: 'local',
    alarmPercent: 80,
    ...opts.scheme,
  };
  const alarms: CapacityAlarm[] = [];
  const scheme = new SerialScheme({
    name: 'unit',
    config,
    format: compileFormat(config.format, config.vars),
    gatewayId: 'gw-1',
    timeZone: opts.timeZone ?? 'UTC',
    clock,
    log: silentLog,
    onAlarm: (a) => alarms.push(a),
  });
  const stationConfig: StartStationConfig = {
    id: 'ST10',
    kind: 'start',
    partNumber: 'PN-100',
    serial: 'unit',
    ...opts.station,
  };
  const station = new StartStation({
    config: stationConfig,
    scheme,
    journal,
    clock,
    log: silentLog,
    steps: opts.steps ?? [],
  });
  const rig: Rig = {
    store,
    journal,
    scheme,
    station,
    clock,
    alarms,
    dir: tmp.dir,
    async close() {
      await journal.close();
      await store.close();
    },
    async reopen() {
      await rig.close();
      return stationRig({ ...opts, clock, dir: tmp.dir });
    },
  };
  if (!opts.dir) after(() => tmp.cleanup());
  return rig;
}
