/**
 * The scanner family's part of the config: the `scanners` section, and the checks of the built-in
 * simulator's `connection.options` a scanner would otherwise fail at start.
 */
import { Type, type Static } from '@sinclair/typebox';
import { sectionOf, type ConfigDeclaration, type FamilyConfigProblem } from '../../src/config/compose';
import { SerialConnection, SimulatorConnection } from '../../src/config/connections';
import type { Config } from '../../src/config/schema';
import { Strict, Tagged } from '../../src/config/schema-kit';
import { SimOptionsReader } from '../serial/sim-options';
import type { ScannerSimulatorOptions } from './simulator';

const Scanner = Strict(
  { connection: Tagged('type', [SerialConnection, SimulatorConnection], 'how to reach it') },
  'a barcode scanner (one scan per line)',
);

/** `scanners`: barcode scanners by name. */
export const SCANNERS = {
  key: 'scanners',
  schema: Type.Record(Type.String(), Scanner, { default: {} }),
  devices: true,
};
/** What the scanner family declares of the config. */
export const scannerConfig: ConfigDeclaration = { sections: [SCANNERS] };

/** One `scanners` entry. */
export type ScannerConfig = Static<typeof Scanner>;

/** The scanners of a validated config. */
export function scannersOf(config: Config): Record<string, ScannerConfig> {
  return sectionOf(config, SCANNERS);
}

/**
 * The simulator settings in `connection.options`: scans, everyMs, delayMs, eol, pty.
 * A bad option throws a TypeError naming it, or given `report`, is reported.
 */
export function scannerSimulatorOptions(
  cfg: ScannerConfig,
  where: string,
  report?: (key: string, message: string) => void,
): ScannerSimulatorOptions {
  const options = cfg.connection.type === 'simulator' ? (cfg.connection.options ?? {}) : {};
  const o = new SimOptionsReader(options, `${where}.connection.options`, report).only([
    'scans',
    'everyMs',
    'delayMs',
    'eol',
    'pty',
  ]);
  return {
    autoScans: o.strings('scans', /^[^\r\n]+$/, 'scans (text without CR or LF)'),
    autoEveryMs: o.positiveInt('everyMs'),
    autoDelayMs: o.positiveInt('delayMs'),
    eol: o.oneOf('eol', ['crlf', 'cr', 'lf'] as const),
    pty: o.bool('pty'),
  };
}

/** Every bad simulator option of every scanner, located. */
export function checkScannerConfig(config: Config): FamilyConfigProblem[] {
  const problems: FamilyConfigProblem[] = [];
  for (const [name, cfg] of Object.entries(scannersOf(config))) {
    if (cfg.connection.type !== 'simulator') continue;
    scannerSimulatorOptions(cfg, `scanners.${name}`, (key, message) =>
      problems.push({ path: ['scanners', name, 'connection', 'options', key], message }),
    );
  }
  return problems;
}
