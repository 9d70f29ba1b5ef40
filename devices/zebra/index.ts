/** Zebra (ZPL) printers: the LabelPrinter implementation, its link settings and the virtual printer. */
export { zebraFamily } from './family';
export { createZebraPrinter, type ZebraPrinterTuning } from './factory';
export { ZebraPrinter, type ZebraPrinterOptions } from './printer';
export { VirtualZebra, type VirtualZebraOptions, type VirtualZebraEvents } from './simulator';
export { ZebraEngine, type SimFaults, type SimOptions } from './sim-engine';
export { printerLink, type PrinterLinkOptions } from './printer-link';
export {
  parseHostStatus,
  parseErrorStatus,
  StatusAssembler,
  type HostStatus,
  type ErrorStatus,
} from './status';
