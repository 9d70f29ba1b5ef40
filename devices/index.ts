/**
 * The device registry: adding a family is one folder plus one line here.
 */
import type { DeviceFamily } from '../src/ports/devices';
import { intervalFamily } from './interval';

export const deviceFamilies: readonly DeviceFamily[] = [intervalFamily];
