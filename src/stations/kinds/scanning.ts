/**
 * Checks of how a station uses its scanners that the schema cannot express: a scanner that both
 * identifies and consumes needs an explicit rule telling the two apart (otherwise every scan
 * would be taken as both and nothing consumed), and every scan pattern must compile.
 */
import type { ConfigProblem, KeyPath, Locator } from '../../config/problems';
import type { IdentifyConfig } from './parts';

/** Problems with the station's scanner use (consume: its consume section, if its kind has one), located at the offending key. */
export function checkStationScanning(
  identify: IdentifyConfig,
  consume: { scanner: string; pattern?: string } | undefined,
  at: (...rest: (string | number)[]) => KeyPath,
  locate: Locator,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const pattern = (path: KeyPath, source: string | undefined) => {
    if (source === undefined) return;
    try {
      new RegExp(source, 'u');
    } catch (err) {
      problems.push(locate.at(path, `invalid regular expression: ${(err as Error).message}`));
    }
  };
  pattern(at('consume', 'pattern'), consume?.pattern);
  if (!('scanner' in identify)) return problems;
  pattern(at('identify', 'pattern'), identify.pattern);
  const shared = consume !== undefined && consume.scanner === identify.scanner;
  const rule = identify.pattern !== undefined || identify.knownUnits === true;
  if (shared && !rule) {
    problems.push(
      locate.at(
        at('consume', 'scanner'),
        `scanner "${identify.scanner}" both identifies and consumes here, so every scan would be taken as both: ` +
          'set identify.pattern (a scan matching it identifies the unit, any other is a component) or ' +
          'identify.knownUnits: true (a scan naming a unit built here identifies it, any other is a component)',
      ),
    );
  }
  if (shared && identify.pattern !== undefined && identify.knownUnits === true)
    problems.push(
      locate.at(at('identify', 'knownUnits'), 'set identify.pattern or identify.knownUnits, not both'),
    );
  if (!shared && rule) {
    const key = identify.pattern !== undefined ? 'pattern' : 'knownUnits';
    problems.push(
      locate.at(
        at('identify', key),
        `identify.${key} tells identifying scans from components on a scanner that does both; ` +
          `scanner "${identify.scanner}" does not consume here (remove it, or set consume.scanner to it)`,
      ),
    );
  }
  return problems;
}
