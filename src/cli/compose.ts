/**
 * The one place where the core meets the device families: everything else in src/ sees ports.
 */
import { deviceFamilies } from '../../devices';
import type { DeviceFamily } from '../ports/devices';

/** Every device family this build of linegate supports. */
export function allFamilies(): readonly DeviceFamily[] {
  return deviceFamilies;
}
