/**
 * A start station's label may use only values its serial scheme can give: {{gs1}} and
 * {{digitalLink}} need the scheme's gtin, {{epc}} also its companyPrefixDigits. Otherwise every
 * print fails with LABEL_MISSING_VALUE; check-config and run report it where the station names
 * the label.
 */
import type { Config } from './schema';
import type { ConfigProblem, Locator } from './problems';

/** The scheme keys each GS1 placeholder needs. */
const NEEDS: Record<string, ReadonlyArray<'gtin' | 'companyPrefixDigits'>> = {
  gs1: ['gtin'],
  digitalLink: ['gtin'],
  epc: ['gtin', 'companyPrefixDigits'],
};

/** Problems of start stations whose label uses a value its scheme cannot give. */
export function checkLabelPlaceholders(
  config: Config,
  placeholders: ReadonlyMap<string, readonly string[]>,
  locate: Locator,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  (Array.isArray(config.stations) ? config.stations : []).forEach((station, i) => {
    if (station?.kind !== 'start' || station.label === undefined) return;
    const used = placeholders.get(station.label) ?? [];
    const scheme = config.serials?.[station.serial];
    if (!scheme) return;
    for (const name of used) {
      const missing = (NEEDS[name] ?? []).filter((key) => scheme[key] === undefined);
      if (missing.length === 0) continue;
      const message = `label "${station.label}" uses {{${name}}}, which needs ${missing.join(' and ')} in serial scheme "${station.serial}"`;
      problems.push(locate.at(['stations', i, 'label'], message));
    }
  });
  return problems;
}
