/**
 * The contract of the Trigger port (src/ports: a source of start requests for one station),
 * written once and run against every trigger and its simulated field, as abstract-level's shared
 * suite is run by every store:
 *   describe('my trigger', () => triggerContract(factory));
 * The factory gets the station the trigger serves (a recording StartPort owned by the suite) and
 * builds the trigger (not started) plus the hands on its field: a PLC that raises request, a
 * photo-eye whose line changes level, a timer that ticks. The suite starts and stops it.
 * What is asserted is what the ports and docs/plc-handshake.md, docs/stations.md promise:
 * start/stop idempotent with health, one request from the field is one StartPort.start() with the
 * trigger's source, the outcome is reported back to whoever asked, and a stopped trigger asks
 * nothing.
 */
import assert from 'node:assert/strict';
import {
  Result,
  type StartOutcome,
  type StartPort,
  type StartRequest,
  type Trigger,
  type TriggerSourceKind,
} from '../../src/ports';
import { checkLifecycle, noUnhandledRejections, until } from './support';

/** What the trigger reported of a cycle to the one who asked (the PLC, or its health). */
export interface Reported {
  /** result 0: the cycle gave a serial. */
  ok: boolean;
  /** the serial handed back, where the peer gets one (`reportsSerial`). */
  serial?: string;
}

/** A trigger under test and the hands on its (simulated) field. */
export interface TriggerHarness {
  trigger: Trigger;
  /** the `source` its requests carry. */
  source: TriggerSourceKind;
  /** the field asks for one cycle (request raised, an edge, a tick); resolves once asked. */
  request(): Promise<void>;
  /** what the trigger has reported back so far, one entry per cycle, oldest first. */
  reported(): Reported[];
  /** true when the one who asked gets the serial (a PLC's serial node); false: health only. */
  reportsSerial: boolean;
  /**
   * true when a request is a level the field holds until answered (a PLC's request), so one made
   * while the trigger was stopped is served once it starts; false for edges and ticks, which are
   * gone once past (the field must ask again).
   */
  requestIsLevel: boolean;
  /** Stops everything the factory started (the trigger too, if still running). */
  close(): Promise<void>;
}

/** Builds a fresh harness per test, for `station`. */
export type TriggerFactory = (station: StartPort) => Promise<TriggerHarness>;

/** A station that records each start request and answers a fresh serial, or `failWith`. */
export class RecordingStation implements StartPort {
  readonly stationId = 'ST10';
  readonly requests: StartRequest[] = [];
  readonly acknowledged: string[] = [];
  /** a non-zero result to answer instead of a serial. */
  failWith: StartOutcome['result'] | undefined;
  private pending: string | undefined;
  private seq = 0;

  async start(request: StartRequest): Promise<StartOutcome> {
    this.requests.push(request);
    if (this.failWith !== undefined) return { result: this.failWith, error: 'injected', code: 'TEST' };
    // one reservation held until acknowledged, as the real station does for holdUntilAcknowledged.
    const serial = this.pending ?? `SN${String(++this.seq).padStart(6, '0')}`;
    this.pending = request.holdUntilAcknowledged ? serial : undefined;
    return { result: Result.OK, serial };
  }

  async acknowledge(serial: string): Promise<void> {
    this.acknowledged.push(serial);
    if (this.pending === serial) this.pending = undefined;
  }

  async recordOperation(): Promise<void> {}
}

/** The shared suite. */
export function triggerContract(factory: TriggerFactory): void {
  noUnhandledRejections();
  let h: TriggerHarness;
  let station: RecordingStation;

  beforeEach(async () => {
    station = new RecordingStation();
    h = await factory(station);
  });
  afterEach(() => h.close());

  const started = async () => {
    await h.trigger.start();
    await until('the trigger healthy', () => h.trigger.health().ok);
  };

  /** One request from the field, served: the station asked once more, the outcome reported. */
  const cycle = async (n: number) => {
    await h.request();
    await until(`cycle ${n} reported`, () => h.reported().length >= n);
    assert.equal(station.requests.length, n, 'one request, one start cycle');
  };

  it('is stopped before start, healthy after start, stopped after stop; start and stop are idempotent', async () => {
    await checkLifecycle(h.trigger, 'trigger');
  });

  it('turns one request of the field into one start cycle with its source, and reports the serial back', async () => {
    await started();
    await cycle(1);
    assert.equal(station.requests[0].source, h.source);
    const [first] = h.reported();
    assert.equal(first.ok, true);
    if (h.reportsSerial) assert.equal(first.serial, 'SN000001');
    await cycle(2);
    assert.deepEqual(
      h.reported().map((r) => r.ok),
      [true, true],
    );
    if (h.reportsSerial) assert.equal(h.reported()[1].serial, 'SN000002', 'a new serial for a new request');
    assert.equal(h.trigger.health().ok, true);
  });

  it('reports a failed cycle back as a failure (no serial to the peer)', async () => {
    await started();
    station.failWith = Result.PRINTER_FAULT;
    await cycle(1);
    const [failed] = h.reported();
    assert.equal(failed.ok, false);
    if (h.reportsSerial) assert.equal(failed.serial, '', 'no serial with a failed result');
    station.failWith = undefined;
    await cycle(2);
    assert.equal(h.reported()[1].ok, true, 'the next request is served again');
  });

  it('asks nothing while stopped; started again, it serves the field once', async () => {
    await started();
    await cycle(1);
    await h.trigger.stop();
    await h.request(); // while stopped
    assert.equal(station.requests.length, 1, 'nothing asked while stopped');
    await started();
    if (h.requestIsLevel) {
      // a request still held is served once after the start (docs/plc-handshake.md)
      await until('the held request served', () => h.reported().length >= 2);
    } else {
      await h.request(); // an edge or tick while stopped is gone: the field asks again
      await until('the new request served', () => h.reported().length >= 2);
    }
    assert.equal(station.requests.length, 2, 'one start cycle for the request, not two');
  });
}
