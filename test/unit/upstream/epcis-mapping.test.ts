import assert from 'node:assert/strict';
import type { Config, EpcisSinkConfig } from '../../../src/config/schema';
import { EVENT_TYPES, type GatewayEvent } from '../../../src/events/event';
import type { SerialRecord } from '../../../src/units/unit';
import { epcisDocument, mapEvents } from '../../../src/upstream/epcis/document';
import { Identities } from '../../../src/upstream/epcis/identity';
import { mapEvent, timeZoneOffset, type MappingContext } from '../../../src/upstream/epcis/mapping';
import { MAPPED_TYPES } from '../../../src/upstream/epcis/table';
import { epcisProblems, gs1Example } from '../../helpers/epcis-schema';
import { gatewayConfig } from '../../helpers/gateway-config';
import { tempDir } from '../../helpers/tmp';

const GTIN = '10614141073464'; // GS1's example GTIN (company prefix 0614141)
const SCHEMES = `  gs1unit:
    format: "{seq:6}"
    gtin: "${GTIN}"
    companyPrefixDigits: 7
  dlunit:
    format: "D{seq:6}"
    gtin: "09521012345671"
    resolver: https://id.example.com
`;
const SINK = `upstream:
  - name: repo
    type: epcis
    url: http://127.0.0.1:1/epcis
    companyPrefixes: ["4012345"]
    readPoint: urn:epc:id:sgln:0614141.07346.0
    bizLocation: urn:epc:id:sgln:0614141.07346.0
    stations:
      ST20: { readPoint: "urn:epc:id:sgln:0614141.07346.20" }
    carrierUri: "urn:epc:id:grai:4012345.55555.{epc}"
`;

function record(serial: string, scheme: string, extra: Partial<SerialRecord> = {}): SerialRecord {
  return {
    serial,
    status: 'started',
    scheme,
    key: '',
    seq: 1,
    station: 'ST10',
    issuedAt: '',
    events: [],
    ...extra,
  };
}

let seq = 0;
function ev(type: string, fields: Partial<GatewayEvent> = {}): GatewayEvent {
  seq++;
  return {
    id: `0190f1c2-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    seq,
    gatewayId: 'gw-test',
    type: type as GatewayEvent['type'],
    time: '2026-07-01T10:15:30.123Z',
    station: 'ST10',
    partNumber: 'PN-100',
    data: {},
    ...fields,
  };
}

describe('EPCIS mapping', () => {
  const tmp = tempDir('linegate-epcis-');
  let config: Config;
  let sink: EpcisSinkConfig;
  let ctx: MappingContext;
  const records = new Map<string, SerialRecord>();

  before(() => {
    config = gatewayConfig(tmp.dir, SINK, SCHEMES);
    sink = config.upstream[0] as EpcisSinkConfig;
    records.set('000123', record('000123', 'gs1unit'));
    records.set('D000007', record('D000007', 'dlunit'));
    records.set('2610000012', record('2610000012', 'unit'));
    ctx = {
      sink,
      ids: new Identities(config, sink, (s) => Promise.resolve(records.get(s))),
      timeZone: 'Europe/Berlin',
    };
  });
  after(() => tmp.cleanup());

  /** One event of every mapped type, on a unit of the GS1 scheme. */
  function everyType(): GatewayEvent[] {
    const unit = { serial: '000123', workOrder: 'WO-55' };
    return [
      ev('unit.started', { ...unit, data: { scheme: 'gs1unit' } }),
      ev('operation.completed', { ...unit, station: 'ST20', data: { result: 'pass', parameters: { t: 1 } } }),
      ev('operation.completed', { ...unit, data: { result: 'fail', parameters: {} } }),
      ev('component.consumed', {
        ...unit,
        data: { component: { serial: 'C-1', quantity: 1, source: 'scan' } },
      }),
      ev('component.consumed', {
        ...unit,
        data: { component: { lot: 'L42', gtin: '04012345055559', quantity: 3, source: 'scan' } },
      }),
      ev('component.removed', { ...unit, data: { component: { serial: 'C-1' }, reason: 'rework' } }),
      ev('carrier.bound', { ...unit, data: { carrier: '3074257BF7194E4000001A85' } }),
      ev('carrier.released', { ...unit, data: { carrier: '3074257BF7194E4000001A85', reason: 'end' } }),
      ev('hold.placed', { data: { serials: ['000123', 'D000007'], reason: 'audit' } }),
      ev('hold.released', { ...unit, data: {} }),
      ev('unit.reworked', { ...unit, data: { reason: 'x' } }),
      ev('unit.completed', unit),
      ev('unit.scrapped', { ...unit, data: { reason: 'dropped' } }),
      ev('serial.voided', { serial: '2610000012', data: { reason: 'misprint' } }),
    ];
  }

  it('accepts GS1 examples and refuses a broken document (the judge can fail)', () => {
    assert.deepEqual(epcisProblems(gs1Example('Example_9.6.1-ObjectEvent.jsonld')), []);
    assert.deepEqual(epcisProblems(gs1Example('Example_9.6.3-AggregationEventWithDigitalLink.jsonld')), []);
    assert.deepEqual(epcisProblems(gs1Example('AssociationEvent-e.jsonld')), []);
    const doc = epcisDocument([{ type: 'ObjectEvent', eventID: 'urn:uuid:x', action: 'ADD' }], {
      sink,
      now: 0,
    });
    assert.notDeepEqual(epcisProblems(doc), []);
  });

  it('maps every type of the table, and GS1 schema validates each document', async () => {
    const events = everyType();
    const covered = new Set(events.map((e) => e.type));
    assert.deepEqual(
      MAPPED_TYPES.filter((t) => !covered.has(t as never)),
      [],
    );
    for (const e of events) {
      const m = await mapEvent(e, ctx);
      assert.ok(m, e.type);
      assert.deepEqual(epcisProblems(epcisDocument([m], { sink, now: Date.now() })), [], e.type);
    }
    const { mapped, skipped } = await mapEvents(events, ctx);
    assert.equal(skipped, 0);
    assert.deepEqual(epcisProblems(epcisDocument(mapped, { sink, now: Date.now() })), []);
  });

  it('names units, components, lots and carriers as configured', async () => {
    const m = (await mapEvents(everyType(), ctx)).mapped;
    const byType = (t: string, i = 0) => m.filter((x) => x['lg:type'] === t)[i];
    const started = byType('unit.started');
    assert.deepEqual(started.epcList, ['urn:epc:id:sgtin:0614141.107346.000123']);
    assert.deepEqual(
      [started.type, started.action, started.bizStep, started.disposition],
      ['ObjectEvent', 'ADD', 'commissioning', 'active'],
    );
    assert.deepEqual(started.readPoint, { id: 'urn:epc:id:sgln:0614141.07346.0' });
    assert.deepEqual(started.bizTransactionList, [
      { type: 'prodorder', bizTransaction: 'urn:linegate:workorder:WO-55' },
    ]);
    assert.equal(started.eventTimeZoneOffset, '+02:00');
    const pass = byType('operation.completed');
    assert.deepEqual([pass.bizStep, pass.disposition], ['inspecting', 'conformant']);
    assert.deepEqual(pass.readPoint, { id: 'urn:epc:id:sgln:0614141.07346.20' }, 'station readPoint');
    assert.equal(byType('operation.completed', 1).disposition, 'non_conformant');
    const serialPart = byType('component.consumed');
    assert.deepEqual(
      [serialPart.type, serialPart.action, serialPart.parentID, serialPart.childEPCs],
      ['AggregationEvent', 'ADD', 'urn:epc:id:sgtin:0614141.107346.000123', ['urn:linegate:serial:C-1']],
    );
    assert.deepEqual(byType('component.consumed', 1).childQuantityList, [
      { epcClass: 'urn:epc:class:lgtin:4012345.005555.L42', quantity: 3 },
    ]);
    const bound = byType('carrier.bound');
    assert.deepEqual(
      [bound.type, bound.action, bound.parentID],
      ['AssociationEvent', 'ADD', 'urn:epc:id:grai:4012345.55555.3074257BF7194E4000001A85'],
    );
    assert.equal(byType('carrier.released').action, 'DELETE');
    assert.deepEqual(byType('hold.placed').epcList, [
      'urn:epc:id:sgtin:0614141.107346.000123',
      'https://id.example.com/01/09521012345671/21/D000007',
    ]);
    const scrapped = byType('unit.scrapped');
    assert.deepEqual(
      [scrapped.action, scrapped.bizStep, scrapped.disposition],
      ['DELETE', 'destroying', 'destroyed'],
    );
    assert.deepEqual(byType('serial.voided').epcList, ['urn:linegate:serial:2610000012']);
  });

  it('gives each event the eventID urn:uuid:<id>, the same on every mapping', async () => {
    const e = ev('unit.started', { serial: '000123' });
    const a = await mapEvent(e, ctx);
    const b = await mapEvent(structuredClone(e), ctx);
    assert.equal(a?.eventID, `urn:uuid:${e.id}`);
    assert.deepEqual(a, b);
  });

  it('skips and counts every type without an EPCIS meaning, and types the config skips', async () => {
    const unmapped = EVENT_TYPES.filter((t) => !MAPPED_TYPES.includes(t as never));
    const extra = ['unit.refused', 'some.future.type'];
    const { mapped, skipped } = await mapEvents(
      [...unmapped, ...extra].map((t) => ev(t, { serial: '000123' })),
      ctx,
    );
    assert.deepEqual([mapped.length, skipped], [0, unmapped.length + extra.length]);
    // An event whose object cannot be named (a hold on a work order only) is skipped too.
    assert.equal(await mapEvent(ev('hold.placed', { data: { workOrder: 'WO-1' } }), ctx), undefined);
    // The config names only mapped types, and says so for any other.
    assert.throws(
      () => gatewayConfig(tmp.dir, `${SINK}    events:\n      label.printed: { skip: true }\n`, SCHEMES),
      /upstream\[0\]\.events\.label\.printed.*unknown key/,
    );
  });

  it('takes the bizStep and disposition overrides of the config, and Digital Link identifiers', async () => {
    const own = {
      ...sink,
      identifiers: 'digital-link' as const,
      events: {
        'unit.started': { skip: true },
        'unit.completed': { bizStep: 'urn:example:bizstep:final', disposition: 'available' },
      },
    };
    const c: MappingContext = {
      ...ctx,
      sink: own,
      ids: new Identities(config, own, (s) => Promise.resolve(records.get(s))),
    };
    assert.equal(await mapEvent(ev('unit.started', { serial: '000123' }), c), undefined);
    const done = await mapEvent(ev('unit.completed', { serial: '000123' }), c);
    assert.deepEqual([done?.bizStep, done?.disposition], ['urn:example:bizstep:final', 'available']);
    assert.deepEqual(done?.epcList, ['https://id.gs1.org/01/10614141073464/21/000123']);
    assert.deepEqual(epcisProblems(epcisDocument([done!], { sink: own, now: 0 })), []);
  });

  it('writes the zone offset of the event time (summer and winter, both signs)', () => {
    assert.equal(timeZoneOffset('2026-01-15T12:00:00Z', 'Europe/Berlin'), '+01:00');
    assert.equal(timeZoneOffset('2026-07-15T12:00:00Z', 'Europe/Berlin'), '+02:00');
    assert.equal(timeZoneOffset('2026-01-15T12:00:00Z', 'America/Chicago'), '-06:00');
    assert.equal(timeZoneOffset('2026-01-15T12:00:00Z', 'UTC'), '+00:00');
    assert.equal(timeZoneOffset('2026-01-15T12:00:00Z', 'Asia/Kolkata'), '+05:30');
  });
});
