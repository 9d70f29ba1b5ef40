/** Zebra (ZPL) printers: the LabelPrinter implementation, its transports and the virtual printer. */
export { zebraFamily } from './family';
export { createZebraPrinter, type ZebraPrinterTuning } from './factory';
export { ZebraPrinter, type ZebraPrinterOptions } from './printer';
export { VirtualZebra, type VirtualZebraOptions, type VirtualZebraEvents } from './simulator';
export { ZebraEngine, type SimFaults, type SimOptions } from './sim-engine';
export { TcpTransport, type TcpTransportOptions } from './transport-tcp';
export { SerialTransport, type SerialTransportOptions } from './transport-serial';
export { UsbTransport, type UsbTransportOptions } from './transport-usb';
export type { Transport, TransportOptions, TransportEvents } from './transport';
export {
  parseHostStatus,
  parseErrorStatus,
  StatusAssembler,
  type HostStatus,
  type ErrorStatus,
} from './status';
