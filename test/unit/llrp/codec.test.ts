/**
 * The LLRP codec (llrpjs behind codec.ts) and framer against messages laid out by hand from the
 * standard, and the ROSpec builder's choices.
 */
import assert from 'node:assert/strict';
import { decodeMessage, encodeMessage } from '../../../devices/llrp/codec';
import { LlrpFramer } from '../../../devices/llrp/framer';
import { decodeTagReport } from '../../../devices/llrp/report-decoder';
import { readerEventsOf, statusProblem, tagReadsOf } from '../../../devices/llrp/reports';
import { addRospec, powerIndex } from '../../../devices/llrp/rospec';
import { DEFAULT_INVENTORY } from '../../../devices/llrp/settings';
import * as fx from './fixtures';

describe('LLRP framer', () => {
  it('cuts several messages out of one chunk', () => {
    const framer = new LlrpFramer();
    const frames = framer.feed(Buffer.concat([fx.KEEPALIVE_7, fx.REPORT_ONE_TAG, fx.REPORT_EMPTY]));
    assert.deepEqual(frames, [fx.KEEPALIVE_7, fx.REPORT_ONE_TAG, fx.REPORT_EMPTY]);
  });

  it('joins a message that arrives one byte at a time', () => {
    const framer = new LlrpFramer();
    const out: Buffer[] = [];
    for (const byte of fx.REPORT_ONE_TAG) out.push(...framer.feed(Buffer.from([byte])));
    assert.deepEqual(out, [fx.REPORT_ONE_TAG]);
    assert.equal(framer.stats.frames, 1);
  });

  it('keeps the messages before a header that is not LLRP, then reports the stream broken', () => {
    const framer = new LlrpFramer();
    const bad = Buffer.from('0c3e0000000a00000001', 'hex'); // version 3
    const frames = framer.feed(Buffer.concat([fx.KEEPALIVE_7, bad, fx.KEEPALIVE_7]));
    assert.deepEqual(frames, [fx.KEEPALIVE_7]);
    assert.equal(framer.desynchronised, true);
    assert.deepEqual(framer.feed(fx.KEEPALIVE_7), []);
    framer.reset();
    assert.deepEqual(framer.feed(fx.KEEPALIVE_7), [fx.KEEPALIVE_7]);
  });

  it('refuses a length below the header and above its limit', () => {
    assert.deepEqual(new LlrpFramer().feed(Buffer.from('043e0000000900000001', 'hex')), []);
    const small = new LlrpFramer({ maxLength: 20 });
    assert.deepEqual(small.feed(fx.REPORT_ONE_TAG), []);
    assert.equal(small.stats.oversized, 1);
  });
});

describe('LLRP codec', () => {
  it('encodes KEEPALIVE_ACK and DELETE_ROSPEC 0 byte for byte', () => {
    assert.deepEqual(encodeMessage({ type: 'KEEPALIVE_ACK', id: 7, data: {} }), fx.KEEPALIVE_ACK_7);
    assert.deepEqual(
      encodeMessage({ type: 'DELETE_ROSPEC', id: 5, data: { ROSpecID: 0 } }),
      fx.DELETE_ROSPEC_ALL_5,
    );
  });

  it('decodes a KEEPALIVE with its message ID', () => {
    assert.deepEqual(decodeMessage(fx.KEEPALIVE_7), { type: 'KEEPALIVE', id: 7, data: {} });
  });

  it('decodes a tag report into raw reads (EPC, antenna, RSSI)', () => {
    const report = decodeMessage(fx.REPORT_ONE_TAG);
    assert.equal(report.type, 'RO_ACCESS_REPORT');
    assert.deepEqual(tagReadsOf(report.data), [{ epc: '3034257BF7194E4000001A85', antenna: 2, rssi: -47 }]);
    assert.deepEqual(tagReadsOf(decodeMessage(fx.REPORT_EMPTY).data), []);
  });

  it('decodes the busy reader greeting', () => {
    const event = decodeMessage(fx.BUSY_EVENT);
    assert.deepEqual(readerEventsOf(event.data), [
      { kind: 'connection', status: 'Failed_A_Client_Initiated_Connection_Already_Exists' },
    ]);
  });

  it('round-trips reader events and response statuses', () => {
    const bytes = encodeMessage({
      type: 'READER_EVENT_NOTIFICATION',
      id: 1,
      data: {
        ReaderEventNotificationData: {
          UTCTimestamp: { Microseconds: 1n },
          ReportBufferLevelWarningEvent: { ReportBufferPercentageFull: 90 },
          AntennaEvent: { EventType: 'Antenna_Disconnected', AntennaID: 3 },
        },
      },
    });
    assert.deepEqual(readerEventsOf(decodeMessage(bytes).data), [
      { kind: 'antenna', antenna: 3, connected: false },
      { kind: 'buffer-warning', percentFull: 90 },
    ]);
    const refused = encodeMessage({
      type: 'ADD_ROSPEC_RESPONSE',
      id: 2,
      data: { LLRPStatus: { StatusCode: 'A_Invalid', ErrorDescription: 'ROSpec 1 already exists' } },
    });
    assert.equal(statusProblem(decodeMessage(refused).data), 'A_Invalid: ROSpec 1 already exists');
  });

  it("puts Impinj's search mode into the ROSpec only for vendor impinj", () => {
    const impinj = encodeMessage({
      type: 'ADD_ROSPEC',
      id: 1,
      data: addRospec({ ...DEFAULT_INVENTORY, vendor: 'impinj' }),
    });
    const generic = encodeMessage({ type: 'ADD_ROSPEC', id: 1, data: addRospec(DEFAULT_INVENTORY) });
    assert.ok(impinj.includes(fx.IMPINJ_DUAL_TARGET));
    assert.ok(!generic.includes(Buffer.from('0000651a', 'hex')));
  });

  it('picks the power table entry at or below the asked power', () => {
    const table = [10, 20, 25, 30].map((dbm, i) => ({ index: i + 1, dbm }));
    assert.equal(powerIndex(table, 30), 4);
    assert.equal(powerIndex(table, 29.9), 3);
    assert.equal(powerIndex(table, 5), 1, 'below the table: its lowest entry');
    assert.throws(() => powerIndex([], 20), TypeError);
  });
});

describe('LLRP tag report fast path', () => {
  it('reads the hand-laid report and an empty one', () => {
    assert.deepEqual(decodeTagReport(fx.REPORT_ONE_TAG), [
      { epc: '3034257BF7194E4000001A85', antenna: 2, rssi: -47 },
    ]);
    assert.deepEqual(decodeTagReport(fx.REPORT_EMPTY), []);
    assert.equal(decodeTagReport(fx.KEEPALIVE_7), undefined, 'not a report');
  });

  it('agrees with llrpjs on reports of every shape (EPC-96 and EPCData, optional fields, several tags)', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let k = 0; k < 300; k++) {
      const tags = Array.from({ length: rnd(4) }, () => {
        const words = rnd(3) === 0 ? 6 : 1 + rnd(16);
        const epc = Array.from({ length: words * 4 }, () => '0123456789ABCDEF'[rnd(16)]).join('');
        const t: Record<string, unknown> = words === 6 ? { EPC_96: { EPC: epc } } : { EPCData: { EPC: epc } };
        if (rnd(2)) t.ROSpecID = { ROSpecID: rnd(100) };
        if (rnd(2)) t.AntennaID = { AntennaID: 1 + rnd(32) };
        if (rnd(2)) t.PeakRSSI = { PeakRSSI: -rnd(100) };
        if (rnd(2)) t.ChannelIndex = { ChannelIndex: rnd(50) };
        if (rnd(2)) t.FirstSeenTimestampUTC = { Microseconds: BigInt(rnd(1e9)) };
        if (rnd(2)) t.TagSeenCount = { TagCount: rnd(9) };
        if (rnd(2)) t.AccessSpecID = { AccessSpecID: rnd(9) };
        return t;
      });
      const frame = encodeMessage({
        type: 'RO_ACCESS_REPORT',
        id: k,
        data: tags.length ? { TagReportData: tags } : {},
      });
      assert.deepEqual(decodeTagReport(frame), tagReadsOf(decodeMessage(frame).data), `report ${k}`);
    }
  });

  it('leaves what it cannot walk to llrpjs', () => {
    const unknownTv = Buffer.from(fx.REPORT_ONE_TAG);
    unknownTv[unknownTv.length - 2] = 0x80 | 0x55; // a TV type LLRP 1.0.1 does not define
    assert.equal(decodeTagReport(unknownTv), undefined);
    const cut = Buffer.from(fx.REPORT_ONE_TAG);
    cut.writeUInt16BE(0x30, 12); // TagReportData longer than the message
    assert.equal(decodeTagReport(cut), undefined);
  });
});
