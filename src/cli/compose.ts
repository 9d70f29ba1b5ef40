/**
 * The one place where the core meets the device families: everything else in src/ sees ports.
 */
import type { Command } from 'commander';
import { deviceFamilies } from '../../devices';
import { registerOpcuaCommand } from '../../devices/opcua/cli';
import { registerSimCommand } from '../../devices/sim-command';
import type { DeviceFamily } from '../ports/devices';
import { configOrReport } from './config-arg';
import type { FamilyCheck } from '../config/environment';
import type { Config } from '../config/schema';

/** Every device family this build of linegate supports. */
export function allFamilies(): readonly DeviceFamily[] {
  return deviceFamilies;
}

/** Every family's config check, for check-config and run. */
export function familyChecks(): FamilyCheck[] {
  return deviceFamilies.flatMap((f) => (f.checkConfig ? [(c: Config) => f.checkConfig!(c)] : []));
}

/** Registers the commands device families bring (OPC UA certificates). */
export function registerDeviceCommands(program: Command, run: (result: Promise<number>) => void): void {
  registerOpcuaCommand(program, configOrReport, run);
  registerSimCommand(program, run);
}
