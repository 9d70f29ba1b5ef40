/** The Zebra device family: every `printers.<name>` entry (they are all ZPL printers) becomes a ZebraPrinter. */
import type { DeviceFamily } from '../../src/ports/devices';
import type { LabelPrinter } from '../../src/ports';
import { createZebraPrinter } from './factory';

/** Registry entry for devices/index.ts. */
export const zebraFamily: DeviceFamily = {
  name: 'zebra',
  printers(config, ctx) {
    const printers = new Map<string, LabelPrinter>();
    for (const [name, printer] of Object.entries(config.printers)) {
      printers.set(name, createZebraPrinter(printer, ctx('printer', name)));
    }
    return printers;
  },
};
