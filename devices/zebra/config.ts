/**
 * The Zebra family's part of the config: the `printers` section (every printer is a ZPL printer)
 * and the checks of the built-in simulator's `connection.options`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { sectionOf, type ConfigDeclaration, type FamilyConfigProblem } from '../../src/config/compose';
import {
  SerialConnection,
  SimulatorConnection,
  TcpConnection,
  UsbConnection,
} from '../../src/config/connections';
import type { Config } from '../../src/config/schema';
import { Millis, Strict, Tagged } from '../../src/config/schema-kit';
import { SIM_PROFILES, type SimOptions } from './sim-engine';

const Printer = Strict(
  {
    connection: Tagged(
      'type',
      [TcpConnection, SerialConnection, UsbConnection, SimulatorConnection],
      'how to reach it; `simulator` runs a built-in virtual Zebra on a local TCP port',
    ),
    statusTimeoutMs: Millis(2000, 'a ~HS query unanswered this long is a printer fault'),
    confirmTimeoutMs: Millis(15000, 'how long a label may take to print before it is a fault'),
    statusFreshMs: Millis(
      0,
      'a ~HS answer this recent (the last label confirmed, an idle check), on the same connection and showing an idle printer without fault, stands in for the pre-print ~HS; 0 always asks',
    ),
    onPrintUnknown: Type.Union([Type.Literal('hold'), Type.Literal('reprint')], {
      default: 'hold',
      description:
        'a label sent but not confirmed when the gateway stopped: hold it for an operator, or reprint it marked as a reprint',
    }),
  },
  'a Zebra (ZPL) printer',
);

/** `printers`: Zebra printers by name. */
export const PRINTERS = {
  key: 'printers',
  schema: Type.Record(Type.String(), Printer, { default: {} }),
  devices: true,
};
/** What the Zebra family declares of the config. */
export const zebraConfig: ConfigDeclaration = { sections: [PRINTERS] };

/** One `printers` entry. */
export type PrinterConfig = Static<typeof Printer>;

/** The printers of a validated config. */
export function printersOf(config: Config): Record<string, PrinterConfig> {
  return sectionOf(config, PRINTERS);
}

/** The simulator options a config may set, and their types. */
const SIM_OPTION_TYPES: Record<string, 'number' | 'boolean'> = {
  printMs: 'number',
  answerMs: 'number',
  silentWhenFaulted: 'boolean',
  errorStatus: 'boolean',
};

/** Reports one bad option (its key and what is wrong). */
type Report = (key: string, message: string) => void;

/** The thrown form of a bad option at `where`, when the printer is built without check-config. */
export const throwAt =
  (where: string): Report =>
  (key, message) => {
    throw new TypeError(`${where}.${key}: ${message}`);
  };

/**
 * The simulator's `options`: a `profile` (SIM_PROFILES) and single settings over it. A bad option
 * is reported (check-config: every one, located) or thrown (building the printer).
 */
export function zebraSimulatorOptions(
  options: Record<string, unknown> | undefined,
  report: Report,
): SimOptions {
  const { profile, ...rest } = options ?? {};
  const profiles = Object.keys(SIM_PROFILES);
  const known = typeof profile === 'string' && Object.hasOwn(SIM_PROFILES, profile);
  if (profile !== undefined && !known) report('profile', `must be one of ${profiles.join(', ')}`);
  const out: SimOptions = { ...(known && SIM_PROFILES[profile]) };
  for (const [key, value] of Object.entries(rest)) {
    const type = SIM_OPTION_TYPES[key];
    if (!type) report(key, `unknown option (known: profile, ${Object.keys(SIM_OPTION_TYPES).join(', ')})`);
    else if (typeof value !== type) report(key, `must be a ${type}`);
    else Object.assign(out, { [key]: value });
  }
  return out;
}

/** Every bad simulator option of every printer, located. */
export function checkZebraConfig(config: Config): FamilyConfigProblem[] {
  const problems: FamilyConfigProblem[] = [];
  for (const [name, printer] of Object.entries(printersOf(config))) {
    if (printer.connection.type !== 'simulator') continue;
    zebraSimulatorOptions(printer.connection.options, (key, message) =>
      problems.push({ path: ['printers', name, 'connection', 'options', key], message }),
    );
  }
  return problems;
}
