/** The Zebra device family: every `printers.<name>` entry (they are all ZPL printers) becomes a ZebraPrinter. */
import type { DeviceFamily } from '../../src/ports/devices';
import type { LabelPrinter } from '../../src/ports';
import { checkZebraConfig, printersOf, zebraConfig } from './config';
import { createZebraPrinter } from './factory';

/** Registry entry for devices/index.ts. */
export const zebraFamily: DeviceFamily = {
  name: 'zebra',
  config: zebraConfig,
  checkConfig: checkZebraConfig,
  printers(config, ctx) {
    const printers = new Map<string, LabelPrinter>();
    for (const [name, printer] of Object.entries(printersOf(config))) {
      printers.set(name, createZebraPrinter(printer, ctx('printer', name)));
    }
    return printers;
  },
};
