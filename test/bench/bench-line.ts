/**
 * A bare line for benchmarks: a store in a scratch folder, its journal, one serial scheme and
 * start stations over them, built the way the gateway builds them.
 */
import pino from 'pino';
import type { SchemeConfig, StartStationConfig } from '../../src/config/schema';
import { systemClock } from '../../src/ports';
import { compileFormat } from '../../src/serials/format';
import { SerialScheme } from '../../src/serials/scheme';
import { StartStation } from '../../src/stations/start-station';
import type { CycleStep } from '../../src/stations/steps';
import { Journal, type Tx } from '../../src/store/journal';
import { openStore, type Store } from '../../src/store/store';
import type { SerialRecord } from '../../src/units/unit';
import { appendUnitEvent } from '../../src/units/records';
import { scratch } from './bench-lib';

export const silent = pino({ level: 'silent' });

export interface BenchLine {
  dir: string;
  store: Store;
  journal: Journal;
  scheme: SerialScheme;
  /** a start station with part number PN-100 on the scheme. */
  station(id: string, steps?: CycleStep[]): StartStation;
  /** in `tx`: a unit of PN-100 issued and started at ST10, as the start station writes it. */
  startUnit(tx: Tx): Promise<SerialRecord>;
  close(): Promise<void>;
}

/** Opens a bench line in a fresh scratch folder (`dir` to reuse one). */
export async function benchLine(
  name: string,
  format = '{GG}{WW}{seq:8}{check:gs1}',
  dir?: string,
): Promise<BenchLine> {
  const tmp = dir ? { dir, cleanup: () => undefined } : scratch(name);
  const store = await openStore(tmp.dir);
  const journal = new Journal(store, { gatewayId: 'gw-bench', clock: systemClock });
  const config: SchemeConfig = {
    format,
    vars: {},
    source: 'local',
    alarmPercent: 80,
    blockSize: 1000,
    lowWater: 200,
  };
  const scheme = new SerialScheme({
    name: 'unit',
    config,
    format: compileFormat(format),
    gatewayId: 'gw-bench',
    timeZone: 'UTC',
    clock: systemClock,
    log: silent,
  });
  return {
    dir: tmp.dir,
    store,
    journal,
    scheme,
    station(id, steps = []) {
      const cfg: StartStationConfig = { id, kind: 'start', partNumber: 'PN-100', serial: 'unit' };
      return new StartStation({ config: cfg, scheme, journal, clock: systemClock, log: silent, steps });
    },
    async startUnit(tx) {
      const issued = await scheme.issue(tx, 'ST10');
      const record: SerialRecord = {
        serial: issued.serial,
        status: 'started',
        scheme: 'unit',
        key: issued.key,
        seq: issued.seq,
        partNumber: 'PN-100',
        station: 'ST10',
        issuedAt: new Date().toISOString(),
        events: [],
      };
      appendUnitEvent(tx, record, { type: 'unit.started', station: 'ST10' });
      return record;
    },
    async close() {
      await journal.close();
      await store.close();
      tmp.cleanup();
    },
  };
}
