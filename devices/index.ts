/**
 * The device registry: adding a family is one folder plus one line here. A family's config
 * (sections, slot variants, checks) comes with it; the order here is the order of each slot's
 * variants in the composed schema (a station trigger: opcua-handshake, interval, gpio).
 */
import type { DeviceFamily } from '../src/ports/devices';
import { gpioFamily } from './gpio/family';
import { intervalFamily } from './interval';
import { llrpFamily } from './llrp/family';
import { mesReceiverFamily } from './mes-receiver';
import { opcuaFamily } from './opcua/family';
import { rfidFamily } from './rfid';
import { scannerFamily } from './scanner';
import { zebraFamily } from './zebra/family';

export const deviceFamilies: readonly DeviceFamily[] = [
  opcuaFamily,
  intervalFamily,
  gpioFamily,
  rfidFamily,
  llrpFamily,
  scannerFamily,
  zebraFamily,
  mesReceiverFamily,
];
