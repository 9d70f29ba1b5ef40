/**
 * serialport's Linux binding, with one fix: a read of zero bytes is reported as a disconnect.
 *
 * Why: when the other end of a tty goes away (a pty's master closes, as when socat or a USB
 * adapter's driver drops it), the kernel first flags the tty (reads fail with EIO, which the
 * binding reports as a disconnect) and then hangs it up, after which every read returns 0 (end
 * of file). The binding treats 0 as "read again" and loops on it for ever, so a process that
 * was slow to read (a loaded machine: the read falls after the hangup) never learns the device is
 * gone and never reconnects. In non-blocking mode with VMIN=1 an empty tty answers EAGAIN, never
 * 0, so 0 can only mean the end of the device.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';
import {
  LinuxBinding,
  autoDetect,
  type AutoDetectTypes,
  type LinuxOpenOptions,
} from '@serialport/bindings-cpp';
// The binding's own read loop, with its reader injectable (not re-exported by the package root).
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read';

const readAsync = promisify(read);

/** fs.read that turns end of file into the disconnect error serialport's stream understands. */
export async function readOrHangup(
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number | null,
): Promise<{ bytesRead: number; buffer: Buffer }> {
  const result = await readAsync(fd, buffer, offset, length, position);
  if (result.bytesRead === 0)
    throw Object.assign(new Error('the device hung up (end of file on the tty)'), {
      code: 'EIO',
      disconnect: true,
    });
  return result;
}

/** The platform binding; on Linux its ports read through readOrHangup. */
export function hangupAwareBinding(): AutoDetectTypes {
  if (process.platform !== 'linux') return autoDetect();
  return {
    ...LinuxBinding,
    list: () => LinuxBinding.list(),
    async open(options: LinuxOpenOptions) {
      const port = await LinuxBinding.open(options);
      const checked = port.read.bind(port);
      // The binding's own argument checks first, then its read loop with the EOF-aware reader.
      port.read = async (buffer: Buffer, offset: number, length: number) => {
        if (!port.isOpen) return checked(buffer, offset, length);
        return unixRead({ binding: port, buffer, offset, length, fsReadAsync: readOrHangup as never });
      };
      return port;
    },
  };
}
