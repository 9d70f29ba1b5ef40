/**
 * The values a label template can use for a unit: serial, part number, work order, station,
 * gateway, date and time (in the gateway's zone), the scheme's variables, and where the scheme
 * has a GTIN, the GS1 element string, the SGTIN-96 EPC and the GS1 Digital Link URI.
 */
import type { SchemeConfig } from '../config/schema';
import { dateParts } from '../serials/calendar';
import { digitalLink, gs1ElementString, GS1_RESOLVER } from '../gs1';
import { encodeSgtin96, sgtinFromGtin } from '../serials/sgtin96';
import type { UnitContext } from '../stations/steps';
import { LinegateError } from '../errors';

export interface LabelValueOptions {
  gatewayId: string;
  timeZone: string;
  scheme: SchemeConfig;
}

/** Every placeholder value for one unit at time `now`. */
export function labelValues(unit: UnitContext, now: number, opts: LabelValueOptions): Record<string, string> {
  const d = dateParts(now, opts.timeZone);
  const local = new Date(now).toLocaleTimeString('en-GB', { timeZone: opts.timeZone, hour12: false });
  const values: Record<string, string> = {
    ...opts.scheme.vars,
    serial: unit.serial,
    partNumber: unit.partNumber ?? '',
    workOrder: unit.workOrder ?? '',
    station: unit.station,
    gateway: opts.gatewayId,
    date: `${d.YYYY}-${d.MM}-${d.DD}`,
    time: local.slice(0, 5),
  };
  const { gtin } = opts.scheme;
  if (gtin !== undefined) {
    values.gs1 = gs1ElementString({ gtin, serial: unit.serial }, 'raw');
    // The same URI the EPCIS sink and the passport use for this unit (docs/epcis.md).
    values.digitalLink = digitalLink(opts.scheme.resolver ?? GS1_RESOLVER, { gtin, serial: unit.serial });
  }
  const epc = sgtinEpc(unit.serial, opts.scheme);
  if (epc !== undefined) values.epc = epc;
  return values;
}

/** The SGTIN-96 EPC (24 hex digits) of a serial under its scheme, if the scheme has one. */
function sgtinEpc(serial: string, scheme: SchemeConfig): string | undefined {
  const { gtin, companyPrefixDigits } = scheme;
  // SGTIN-96 holds a numeric serial without leading zeros; other serials have no EPC.
  if (gtin === undefined || companyPrefixDigits === undefined || !/^[1-9]\d{0,11}$/.test(serial))
    return undefined;
  return encodeSgtin96(sgtinFromGtin(gtin, serial, companyPrefixDigits, 1));
}

/** The EPC an RFID label encodes for a unit; throws LABEL_RFID_INVALID when its scheme gives none. */
export function unitEpc(unit: UnitContext, opts: LabelValueOptions): string {
  const epc = sgtinEpc(unit.serial, opts.scheme);
  if (epc === undefined)
    throw new LinegateError(
      'LABEL_RFID_INVALID',
      `serial ${unit.serial} has no SGTIN-96 EPC: its scheme needs gtin and companyPrefixDigits, and a numeric serial without leading zeros`,
    );
  return epc.toUpperCase();
}
