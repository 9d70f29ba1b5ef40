/**
 * Re-serialization: the plant gives a received part its own serial. Both serials then have a
 * record, linked both ways (reserializedAs / originalSerial), with one serial.reserialized event
 * in the histories of both, so trace queries resolve either serial to the same part.
 */
import { LinegateError } from '../errors';
import type { Clock } from '../ports';
import type { Journal } from '../store/journal';
import type { SerialRecord } from '../units/unit';
import { appendUnitEvent, UnitRecords } from '../units/records';
import type { SerialScheme } from './scheme';

export interface ReserializeRequest {
  /** the supplier's serial. */
  original: string;
  /** the plant's new serial, when given (a pre-printed label); otherwise one is issued from `scheme`. */
  serial?: string;
  scheme?: SerialScheme;
  /** the station the new serial is rendered for and recorded at ('' when none). */
  station: string;
  /** the part number, for a supplier serial the plant has no record of yet. */
  partNumber?: string;
}

/** Links the original to a new plant serial; resolves with both. */
export function reserialize(
  journal: Journal,
  clock: Clock,
  req: ReserializeRequest,
): Promise<{ original: string; serial: string; seq: number }> {
  return journal.run(async (tx) => {
    const at = new Date(clock.now()).toISOString();
    const original = (await UnitRecords.get(tx, req.original)) ?? {
      serial: req.original,
      status: 'received' as const,
      scheme: '',
      key: '',
      seq: 0,
      ...(req.partNumber !== undefined && { partNumber: req.partNumber }),
      station: req.station,
      issuedAt: at,
      events: [],
      kind: 'component' as const,
      origin: 'received' as const,
    };
    if (original.reserializedAs !== undefined)
      throw new LinegateError(
        'UNIT_BAD_TRANSITION',
        `serial ${req.original} was already re-serialized as ${original.reserializedAs}`,
      );
    if (original.kind !== 'component' || original.status !== 'received')
      throw new LinegateError(
        'UNIT_BAD_TRANSITION',
        `serial ${req.original} is ${original.kind === 'component' ? original.status : `a unit built here (${original.status})`}: only a received component can be re-serialized`,
      );
    let serial = req.serial;
    let issued = { key: '', seq: 0 };
    if (serial !== undefined) {
      if (await UnitRecords.get(tx, serial))
        throw new LinegateError(
          'SERIAL_TAKEN',
          `serial ${serial} is already issued, reserved, imported or received`,
        );
    } else if (req.scheme) {
      const s = await req.scheme.issue(tx, req.station);
      serial = s.serial;
      issued = s;
    } else throw new TypeError('re-serialization needs the new serial or a scheme to issue it from');
    const record: SerialRecord = {
      serial,
      status: 'received',
      scheme: req.serial === undefined ? (req.scheme?.name ?? '') : '',
      key: issued.key,
      seq: issued.seq,
      ...(original.partNumber !== undefined && { partNumber: original.partNumber }),
      station: req.station,
      issuedAt: at,
      events: [],
      kind: 'component',
      origin: 'reserialized',
      originalSerial: req.original,
      ...(original.lot !== undefined && { lot: original.lot }),
      ...(original.gtin !== undefined && { gtin: original.gtin }),
      ...(original.expiry !== undefined && { expiry: original.expiry }),
    };
    const event = appendUnitEvent(tx, record, {
      type: 'serial.reserialized',
      ...(req.station !== '' && { station: req.station }),
      data: { original: req.original, serial, ...(record.scheme !== '' && { scheme: record.scheme }) },
    });
    original.reserializedAs = serial;
    UnitRecords.link(tx, original, event.seq);
    return { original: req.original, serial, seq: event.seq };
  });
}
