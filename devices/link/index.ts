/** The one reconnecting link (lifecycle, backoff, write timeout, generations) and its openers per wire. */
export {
  ReconnectingLink,
  serialLinkErrors,
  type Link,
  type LinkErrors,
  type LinkEvents,
  type LinkOptions,
} from './link';
export type { Connection, ConnectionHandlers, Opener } from './opener';
export { serialOpener, type PortLike, type SerialAddress, type SerialOpenerOptions } from './serial-opener';
export { tcpOpener, type TcpOpenerOptions } from './tcp-opener';
export { usbOpener, type UsbOpenerOptions } from './usb-opener';
