/**
 * Wiring of the GPIO device family: `createGpioTrigger` for a station's `gpio` trigger, outputs,
 * and the choice of backend (onoff over sysfs, or the gpiod tools over the character device).
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { DeviceContext, StartPort, Trigger } from '../../src/ports';
import { gpiodBackend } from './gpiod-backend';
import { GpioTrigger, type GpioTriggerConfig } from './gpio-trigger';
import { onoffBackend } from './onoff-backend';
import type { GpioBackend } from './pin';

export type { GpioBackend, GpioPin, Level, Edge } from './pin';
export { GpioTrigger, type GpioTriggerConfig } from './gpio-trigger';
export { GpioOutput, withOutcomeLamps, type OutcomeLamps } from './gpio-output';
export { gpiodBackend, gpiodArgs, type GpiodOptions } from './gpiod-backend';
export { onoffBackend } from './onoff-backend';
export { parseGpiomonLine, parseGpiodVersion } from './gpiomon-parser';

/** Backend choice (proposed config section `gpio: { backend, chip, sysfsBase }`). */
export interface GpioBackendChoice {
  /** 'auto' (default): gpiod when `gpiomon` is on the PATH, else onoff. */
  backend?: 'auto' | 'onoff' | 'gpiod';
  chip?: string;
  sysfsBase?: number;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Builds the configured backend; `auto` prefers the character device (works on every current Pi). */
export function createGpioBackend(choice: GpioBackendChoice = {}, log?: DeviceContext['log']): GpioBackend {
  const kind = choice.backend ?? 'auto';
  if (kind === 'gpiod' || (kind === 'auto' && onPath('gpiomon'))) {
    return gpiodBackend({
      chip: choice.chip,
      onProcessError: (line, message) => log?.error({ line, message }, 'gpiod tool exited'),
    });
  }
  return onoffBackend({ sysfsBase: choice.sysfsBase });
}

/** A start trigger on a GPIO input edge for one station (nothing is opened until start()). */
export function createGpioTrigger(
  cfg: GpioTriggerConfig,
  deps: { station: StartPort; ctx: DeviceContext; backend?: GpioBackend; activeLow?: boolean },
): Trigger {
  return new GpioTrigger(cfg, { ...deps, backend: deps.backend ?? createGpioBackend({}, deps.ctx.log) });
}
