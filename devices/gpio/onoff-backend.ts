/**
 * GPIO through onoff (the kernel's sysfs interface). On Raspberry Pi OS Bookworm (kernel 6.6+) the
 * sysfs numbers are the BCM line plus the chip base (512 on a Pi 4), given as `sysfsBase`; on the
 * Pi 5 sysfs export fails: use the gpiod backend there.
 */
import { Gpio } from 'onoff';
import type { GpioBackend, GpioPin, Level } from './pin';

/** Where the line numbers start in sysfs. */
export interface OnoffOptions {
  /** added to every line number (the gpiochip base; 0 before kernel 6.6, 512 on a Bookworm Pi 4). */
  sysfsBase?: number;
}

function wrap(gpio: Gpio): GpioPin {
  const listeners = new Set<(level: Level) => void>();
  let closed = false;
  const onValue = (err: Error | null | undefined, value: Level): void => {
    if (err) return; // onoff reports a failed read of the value file; the next edge reads again
    for (const listener of [...listeners]) listener(value);
  };
  return {
    read: () => gpio.read(),
    write: (level) => gpio.write(level),
    onEdge(listener) {
      if (listeners.size === 0) gpio.watch(onValue);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && !closed) gpio.unwatch(onValue);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      gpio.unwatchAll();
      gpio.unexport();
    },
  };
}

/** The onoff (sysfs) backend. */
export function onoffBackend(opts: OnoffOptions = {}): GpioBackend {
  const base = opts.sysfsBase ?? 0;
  return {
    name: 'onoff',
    async openInput(line, { edge, activeLow }) {
      return wrap(new Gpio(base + line, 'in', edge, { activeLow: activeLow ?? false }));
    },
    async openOutput(line, { initial, activeLow }) {
      const pin = wrap(new Gpio(base + line, 'out', 'none', { activeLow: activeLow ?? false }));
      await pin.write(initial);
      return pin;
    },
  };
}
