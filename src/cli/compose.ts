/**
 * The one place where the core meets the device families: everything else in src/ sees ports.
 */
import type { Command } from 'commander';
import { deviceFamilies } from '../../devices';
import { registerOpcuaCommand } from '../../devices/opcua/cli';
import { registerSimCommand } from '../../devices/sim-command';
import type { DeviceFamily } from '../ports/devices';
import { configOrReport } from './config-arg';

/** Every device family this build of linegate supports: pass them to the config loader and the gateway. */
export function allFamilies(): readonly DeviceFamily[] {
  return deviceFamilies;
}

/** Registers the commands device families bring (OPC UA certificates). */
export function registerDeviceCommands(program: Command, run: (result: Promise<number>) => void): void {
  registerOpcuaCommand(program, (file) => configOrReport(file, deviceFamilies), run);
  registerSimCommand(program, run);
}
