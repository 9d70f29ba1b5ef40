/**
 * How EPCIS names the things linegate events are about: units and serial components (instance
 * identifiers), lots (EPC classes), carriers and work orders. GS1 identifiers where the GTIN is
 * known (EPC URNs when the company prefix length is known, else GS1 Digital Link URIs), URIs in
 * the sink's namespace for everything else.
 */
import type { Config, EpcisSinkConfig } from '../../config/schema';
import { digitalLink, GS1_RESOLVER, gtinCheckDigitOk, isGs1Text, lgtinUrn, sgtinUrn } from '../../gs1';
import type { SerialRecord } from '../../units/unit';

/** The serial record of a serial, or undefined when the store has none. */
export type SerialLookup = (serial: string) => Promise<SerialRecord | undefined>;

/** A quantity element of EPCIS: a class (lot) and how many of it. */
export interface QuantityElement {
  epcClass: string;
  quantity: number;
}

/** A component as events carry it (data.component). */
export interface ComponentRef {
  serial?: string;
  lot?: string;
  gtin?: string;
  partNumber?: string;
  quantity?: number;
}

type Gs1Key = { gtin: string; prefixDigits?: number; resolver?: string };

/** Serials whose GS1 key is remembered (a unit's events come close together; records never change scheme). */
const CACHED = 10_000;

/** Names things for one epcis sink. */
export class Identities {
  private readonly keys = new Map<string, Promise<Gs1Key | undefined>>();

  constructor(
    private readonly config: Config,
    private readonly sink: EpcisSinkConfig,
    private readonly lookup: SerialLookup,
  ) {}

  /** The instance URI of a unit or serial component. */
  async serial(serial: string, gtinHint?: string): Promise<string> {
    const key = await this.gs1Key(serial, gtinHint);
    if (key && isGs1Text(serial) && gtinCheckDigitOk(key.gtin)) {
      if (this.sink.identifiers === 'epc' && key.prefixDigits !== undefined)
        return sgtinUrn(key.gtin, serial, key.prefixDigits);
      return digitalLink(this.resolver(key), { gtin: key.gtin, serial });
    }
    // No GTIN, or one with a bad check digit (the scan or config is wrong, the event still counts).
    return this.own('serial', serial);
  }

  /** A component as a child instance (serial) or a quantity of a class (lot). */
  async component(c: ComponentRef): Promise<{ epc: string } | { quantity: QuantityElement } | undefined> {
    if (c.serial !== undefined) return { epc: await this.serial(c.serial, c.gtin) };
    if (c.lot === undefined) return undefined;
    return { quantity: { epcClass: this.lot(c.lot, c.gtin, c.partNumber), quantity: c.quantity ?? 1 } };
  }

  /** The class URI of a lot: LGTIN, a Digital Link with AI 10, or {namespace}lot:PART:LOT. */
  lot(lot: string, gtin: string | undefined, partNumber: string | undefined): string {
    if (gtin !== undefined && isGs1Text(lot) && gtinCheckDigitOk(gtin)) {
      const key: Gs1Key = { gtin, prefixDigits: this.prefixDigits(gtin) };
      if (this.sink.identifiers === 'epc' && key.prefixDigits !== undefined)
        return lgtinUrn(gtin, lot, key.prefixDigits);
      return digitalLink(this.resolver(key), { gtin, lot });
    }
    return this.own('lot', `${partNumber ?? ''}:${lot}`);
  }

  /** A carrier from its tag: the configured template, else the TDS raw URI of a hex EPC. */
  carrier(epc: string): string {
    if (this.sink.carrierUri !== undefined) return this.sink.carrierUri.split('{epc}').join(epc);
    if (/^([0-9A-Fa-f]{4})+$/.test(epc)) return `urn:epc:raw:${epc.length * 4}.x${epc.toUpperCase()}`;
    return this.own('carrier', epc);
  }

  /** A work order as a bizTransaction URI. */
  workOrder(workOrder: string): string {
    return this.own('workorder', workOrder);
  }

  private own(kind: string, value: string): string {
    return `${this.sink.namespace}${kind}:${encodeURIComponent(value)}`;
  }

  private resolver(key: Gs1Key): string {
    return key.resolver ?? this.sink.resolver ?? GS1_RESOLVER;
  }

  /** GTIN, prefix length and resolver of a serial: from its scheme, else from the record or hint. */
  private async gs1Key(serial: string, gtinHint: string | undefined): Promise<Gs1Key | undefined> {
    const key = `${serial}\x00${gtinHint ?? ''}`;
    let found = this.keys.get(key);
    if (!found) {
      if (this.keys.size >= CACHED) this.keys.clear();
      found = this.readKey(serial, gtinHint);
      this.keys.set(key, found);
      // A failed read is not remembered: the next event asks the store again.
      found.catch(() => this.keys.delete(key));
    }
    return found;
  }

  private async readKey(serial: string, gtinHint: string | undefined): Promise<Gs1Key | undefined> {
    const record = await this.lookup(serial);
    const scheme = record?.scheme ? this.config.serials[record.scheme] : undefined;
    const gtin = record?.gtin ?? scheme?.gtin ?? gtinHint;
    if (gtin === undefined) return undefined;
    const fromScheme = scheme?.gtin === gtin;
    return {
      gtin,
      prefixDigits: (fromScheme ? scheme?.companyPrefixDigits : undefined) ?? this.prefixDigits(gtin),
      resolver: fromScheme ? scheme?.resolver : undefined,
    };
  }

  /** The length of the configured company prefix a GTIN starts with (after its indicator digit). */
  private prefixDigits(gtin: string): number | undefined {
    const own = Object.values(this.config.serials).find(
      (s) =>
        s.gtin !== undefined &&
        s.companyPrefixDigits !== undefined &&
        sameCompany(s.gtin, gtin, s.companyPrefixDigits),
    );
    if (own) return own.companyPrefixDigits;
    const known = this.sink.companyPrefixes
      .filter((p) => gtin.slice(1, 1 + p.length) === p)
      .sort((a, b) => b.length - a.length);
    return known[0]?.length;
  }
}

function sameCompany(a: string, b: string, digits: number): boolean {
  return a.slice(1, 1 + digits) === b.slice(1, 1 + digits);
}
