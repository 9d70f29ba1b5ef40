/**
 * What starts a station's cycle (`stations[].trigger`): a slot the device families fill with
 * their variants (opcua-handshake from devices/opcua, gpio from devices/gpio, interval from
 * devices/interval; see their config.ts). Every station kind carries one.
 */
import { Slot, type TaggedRef } from './schema-kit';

/** The trigger slot: tagged by `type`, its variants contributed by the device families. */
export const TRIGGER_SLOT = { name: 'trigger', tag: 'type', description: 'what starts a cycle' } as const;

/** What the core reads of a station's trigger; each family reads its own variant (variantOf). */
export type TriggerRef = TaggedRef;
/** A station's trigger as the core sees it. */
export type TriggerConfig = TriggerRef;

/** A station's trigger, filled with the families' variants when the schema is composed. */
export const Trigger = Slot<TriggerRef>(TRIGGER_SLOT);
