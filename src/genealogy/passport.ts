/**
 * The product passport of a unit: one JSON document with the unit, its part and work order,
 * every operation with its result and parameters, the as-built components (nested through
 * sub-assemblies built here), and every label printed, with reprints and who asked for them.
 */
import type { GatewayEvent } from '../events/event';
import type { ComponentView } from './trace';
import type { UnitView } from './query';

export interface Passport {
  serial: string;
  partNumber: string | null;
  workOrder: string | null;
  status: UnitView['status'];
  startedAt: string | null;
  completedAt: string | null;
  operations: Array<{
    station?: string;
    time: string;
    result?: unknown;
    parameters?: unknown;
    /** who did it (badge or API), and the tool or fixture, where recorded. */
    operator?: unknown;
    tool?: unknown;
    code?: unknown;
  }>;
  components: ComponentView[];
  labels: Array<{
    time: string;
    station?: string;
    printer?: unknown;
    reprint: boolean;
    reason?: unknown;
    operator?: unknown;
    failed?: boolean;
  }>;
  events: GatewayEvent[];
}

/** Builds the passport from the unit as the API shows it. */
export function passportOf(unit: UnitView): Passport {
  const at = (type: string) => unit.events.find((e) => e.type === type)?.time ?? null;
  return {
    serial: unit.serial,
    partNumber: unit.partNumber,
    workOrder: unit.workOrder,
    status: unit.status,
    startedAt: at('unit.started'),
    completedAt: at('unit.completed'),
    operations: unit.events
      .filter((e) => e.type === 'operation.completed')
      .map((e) => ({
        station: e.station,
        time: e.time,
        result: e.data.result,
        parameters: e.data.parameters,
        ...(e.data.operator !== undefined && { operator: e.data.operator }),
        ...(e.data.tool !== undefined && { tool: e.data.tool }),
        ...(e.data.code !== undefined && { code: e.data.code }),
      })),
    components: unit.components,
    labels: unit.events
      .filter((e) => e.type === 'label.printed' || e.type === 'label.failed')
      .map((e) => ({
        time: e.time,
        station: e.station,
        printer: e.data.printer,
        reprint: e.data.reprint === true,
        ...(e.data.reason !== undefined && { reason: e.data.reason }),
        ...(e.data.operator !== undefined && { operator: e.data.operator }),
        ...(e.type === 'label.failed' && { failed: true }),
      })),
    events: unit.events,
  };
}
