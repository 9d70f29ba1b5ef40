/**
 * EPCIS encoding: events per second the epcis sink turns into an EPCISDocument (parse the stored
 * JSON, look up each unit's serial record in the store for its GTIN, map, serialise), in batches
 * of 500 from a real store, next to the floor of any conversion measured in the same run: parsing
 * the same stored events and serialising them again. Goal: above the synced store's write rate (about
 * 10,000 events/s on this disk), so EPCIS never becomes the bottleneck of a drain.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Config, EpcisSinkConfig } from '../../src/config/schema';
import type { GatewayEvent } from '../../src/events/event';
import { Sublevels } from '../../src/store/layout';
import { openStore } from '../../src/store/store';
import type { SerialRecord } from '../../src/units/unit';
import { epcisMapping } from '../../src/upstream/sinks/epcis';
import { epcisEncoding } from '../../src/upstream/epcis/document';
import type { HttpEncoding } from '../../src/upstream/http-sink';
import type { Batch } from '../../src/upstream/types';
import { gatewayConfig } from '../helpers/gateway-config';
import { machine, report, scratch } from './bench-lib';

const N = Number(process.env.BENCH_EPCIS_EVENTS ?? 100_000);
const BATCH = 500;
const TYPES = [
  'unit.started',
  'label.printed',
  'operation.completed',
  'component.consumed',
  'unit.completed',
];

async function rate(encoding: HttpEncoding, batches: Batch[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (const b of batches) bytes += (await encoding.request(b)).request?.body.length ?? 0;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (bytes === 0) throw new Error('nothing encoded');
  return (batches.length * BATCH) / s;
}

async function main(): Promise<void> {
  console.log(`epcis-encode benchmark, ${N} events in batches of ${BATCH}, on ${machine()}`);
  const tmp = scratch('epcis-encode');
  const config: Config = gatewayConfig(
    tmp.dir,
    `upstream:\n  - { name: repo, type: epcis, url: "http://127.0.0.1:1/epcis" }\n`,
    `  gs1unit:\n    format: "{seq:8}"\n    gtin: "10614141073464"\n    companyPrefixDigits: 7\n`,
  );
  const store = await openStore(config.gateway.dataDir);
  try {
    const units = N / TYPES.length;
    const records = store.sub(Sublevels.serials);
    for (let i = 0; i < units; i += 1000) {
      const ops = [];
      for (let k = i; k < Math.min(units, i + 1000); k++) {
        const serial = String(k + 1).padStart(8, '0');
        const r: SerialRecord = {
          serial,
          status: 'started',
          scheme: 'gs1unit',
          key: '',
          seq: k + 1,
          station: 'ST10',
          issuedAt: '',
          events: [],
        };
        ops.push({ type: 'put' as const, key: serial, value: r });
      }
      await records.batch(ops);
    }
    const events: string[] = [];
    for (let i = 0; i < N; i++) {
      const serial = String(Math.floor(i / TYPES.length) + 1).padStart(8, '0');
      const type = TYPES[i % TYPES.length];
      const data =
        type === 'component.consumed'
          ? { component: { lot: 'L1', gtin: '10614141073464', quantity: 2, source: 'scan' } }
          : type === 'operation.completed'
            ? { result: 'pass', parameters: { torque: 12.5 } }
            : {};
      const e: GatewayEvent = {
        id: uuidv7(),
        seq: i + 1,
        gatewayId: 'gw-test',
        type: type as GatewayEvent['type'],
        time: new Date(1_790_000_000_000 + i * 100).toISOString(),
        station: 'ST10',
        serial,
        partNumber: 'PN-100',
        workOrder: 'WO-1',
        data,
      };
      events.push(JSON.stringify(e));
    }
    const batches: Batch[] = [];
    for (let i = 0; i < N; i += BATCH) {
      const part = events.slice(i, i + BATCH);
      batches.push({
        first: i + 1,
        last: i + part.length,
        events: part,
        bytes: part.reduce((n, t) => n + t.length, 0),
      });
    }
    const sink = config.upstream[0] as EpcisSinkConfig;
    const epcis = epcisEncoding({
      ...epcisMapping(sink, { config, store }),
      gatewayId: 'gw-test',
      clock: { now: () => Date.now() },
    });
    const plain: HttpEncoding = {
      request: (part) =>
        Promise.resolve({
          request: {
            path: '',
            headers: {},
            body: JSON.stringify(part.events.map((t) => JSON.parse(t) as unknown)),
          },
          skipped: 0,
        }),
    };
    await rate(epcis, batches.slice(0, 10)); // warm up the JIT and the store's cache
    await rate(plain, batches.slice(0, 10));
    const epcisRate = await rate(epcis, batches);
    const plainRate = await rate(plain, batches);
    report({
      name: 'EPCIS encoding (map with store lookups, serialise)',
      value: epcisRate,
      unit: 'events/s',
      peer: { name: 'JSON parse + serialise of the same batches', value: plainRate },
      goal: '>= 10,000 events/s (synced store writes)',
    });
  } finally {
    await store.close();
    tmp.cleanup();
  }
}

void main();
