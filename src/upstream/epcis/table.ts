/**
 * The mapping of linegate event types to EPCIS 2.0 events (docs/epcis.md has the same table).
 * bizStep and disposition are CBV 2.0 short names; a sink's `events` setting may override them
 * per type, or skip a type. Types not listed here have no EPCIS meaning: the sink skips them and
 * counts them (label printing, serial bookkeeping, refusals, and any type added later).
 */

/** How one linegate event becomes one EPCIS event. */
export interface EpcisRule {
  /** ObjectEvent: the unit itself; Aggregation: a component into the unit; Association: the unit on a carrier. */
  event: 'ObjectEvent' | 'AggregationEvent' | 'AssociationEvent';
  action: 'ADD' | 'OBSERVE' | 'DELETE';
  bizStep: string;
  /** absent: the disposition comes from the event (operation.completed: its result) or is left out. */
  disposition?: string;
}

/** The built-in table, by linegate event type. */
export const EPCIS_RULES = {
  'unit.started': { event: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active' },
  'operation.completed': { event: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting' },
  'unit.completed': {
    event: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'inspecting',
    disposition: 'completeness_verified',
  },
  'unit.reworked': {
    event: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'repairing',
    disposition: 'in_progress',
  },
  'hold.placed': {
    event: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'holding',
    disposition: 'non_sellable_other',
  },
  'hold.released': {
    event: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'holding',
    disposition: 'in_progress',
  },
  'unit.scrapped': {
    event: 'ObjectEvent',
    action: 'DELETE',
    bizStep: 'destroying',
    disposition: 'destroyed',
  },
  'serial.voided': {
    event: 'ObjectEvent',
    action: 'DELETE',
    bizStep: 'decommissioning',
    disposition: 'inactive',
  },
  'component.consumed': {
    event: 'AggregationEvent',
    action: 'ADD',
    bizStep: 'assembling',
    disposition: 'in_progress',
  },
  'component.removed': {
    event: 'AggregationEvent',
    action: 'DELETE',
    bizStep: 'disassembling',
    disposition: 'in_progress',
  },
  'carrier.bound': { event: 'AssociationEvent', action: 'ADD', bizStep: 'loading' },
  'carrier.released': { event: 'AssociationEvent', action: 'DELETE', bizStep: 'unloading' },
} as const satisfies Record<string, EpcisRule>;

export type MappedType = keyof typeof EPCIS_RULES;

/** Every linegate event type the table maps, in table order. */
export const MAPPED_TYPES = Object.keys(EPCIS_RULES) as MappedType[];

/** operation.completed's disposition by data.result. */
export const RESULT_DISPOSITION: Readonly<Record<string, string>> = {
  pass: 'conformant',
  fail: 'non_conformant',
};
