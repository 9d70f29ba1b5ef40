/**
 * How a station after the start tells which unit a tag or a scan names: a carrier names the unit
 * bound to it; a scanned serial names a unit the store knows. With one scanner for identifying
 * and consuming, the station's rule says which scans identify: identify.pattern when set, else
 * (identify.knownUnits) a serial of a unit built here and not consumed.
 */
import type { Journal } from '../store/journal';
import { unitOnCarrier } from '../units/carriers';
import { UnitRecords } from '../units/records';
import type { LineStationConfig } from './line-station';
import { compileScanPattern } from './scan-check';

/** Names the unit a read or scan identifies at one station. */
export class UnitIdentifier {
  private readonly pattern: RegExp | undefined;

  /** `shared`: one scanner identifies and consumes; throws TypeError when the station has no rule for it. */
  constructor(
    private readonly journal: Journal,
    config: LineStationConfig,
    shared: boolean,
  ) {
    const ident = config.identify;
    this.pattern = 'scanner' in ident ? compileScanPattern(ident.pattern) : undefined;
    if (shared && 'scanner' in ident && !this.pattern && !ident.knownUnits)
      throw new TypeError(
        `station ${config.id}: one scanner identifies and consumes: set identify.pattern or identify.knownUnits`,
      );
  }

  /** The unit bound to the carrier now, if any. */
  onCarrier(epc: string): Promise<string | undefined> {
    return this.journal.run((tx) => unitOnCarrier(tx, epc));
  }

  /** Whether the store knows the serial. */
  async known(serial: string): Promise<boolean> {
    return (await this.journal.run((tx) => UnitRecords.get(tx, serial))) !== undefined;
  }

  /** One scanner for both: whether the scanned text identifies a unit (else it is a component). */
  async identifies(serial: string): Promise<boolean> {
    if (this.pattern) return this.pattern.test(serial);
    const record = await this.journal.run((tx) => UnitRecords.get(tx, serial));
    return record !== undefined && record.kind !== 'component' && record.status !== 'consumed';
  }
}
