/**
 * The start station kind: assigns a serial to each new unit, prints its label when it has a label
 * and a printer, and binds the carrier tag its reader saw to the new unit.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Millis, Strict } from '../../config/schema-kit';
import { CarrierWindow } from '../carrier-window';
import { compileTemplate } from '../../labels/template';
import { LabelService } from '../../printing/label-service';
import { labelValues, unitEpc } from '../../printing/label-values';
import { StartStation } from '../start-station';
import type { UnitContext } from '../steps';
import type { BuildContext, StationKind } from './kind';
import { StationBase } from './parts';

const StartSchema = Strict(
  {
    ...StationBase,
    kind: Type.Literal('start'),
    partNumber: Type.Optional(Type.String({ minLength: 1, description: 'active part number' })),
    serial: Type.String({ description: 'name of a scheme under serials' }),
    label: Type.Optional(Type.String({ description: 'name of a template under labels' })),
    printer: Type.Optional(Type.String({ description: 'name of a printer under printers' })),
    carrier: Type.Optional(
      Strict(
        { reader: Type.String(), windowMs: Millis(5000, 'a tag read this long before the start is bound') },
        'bind the carrier tag to the new unit',
      ),
    ),
  },
  'a start station: assigns a serial to each new unit',
);
export type StartStationConfig = Static<typeof StartSchema>;

/** The start station kind. */
export const start: StationKind<typeof StartSchema> = {
  schema: StartSchema,
  begins: true,
  check(station, { at, ref, problems, locate, formats, config }) {
    ref(at('serial'), station.serial, 'serials', 'serial scheme');
    ref(at('label'), station.label, 'labels', 'label');
    ref(at('printer'), station.printer, 'printers', 'printer');
    ref(at('carrier', 'reader'), station.carrier?.reader, 'readers', 'reader');
    if (station.label !== undefined && station.printer === undefined)
      problems.push(locate.at(at('label'), 'a label needs a printer (add printer:)'));
    if (station.printer !== undefined && station.label === undefined)
      problems.push(locate.at(at('printer'), 'a printer needs a label template (add label:)'));
    const format = formats.get(station.serial);
    const bad = format?.validateAlphabet({ station: station.id, gateway: config.gateway?.id ?? '' });
    if (bad) problems.push(locate.at(at('serial'), `scheme "${station.serial}" at this station: ${bad}`));
  },
  build(station, ctx) {
    const { opts } = ctx;
    const labels = labelService(station, ctx);
    const carrier = station.carrier
      ? new CarrierWindow(
          ctx.device(opts.devices.readers, station.carrier.reader, 'reader'),
          station.carrier.windowMs,
        )
      : undefined;
    const built = new StartStation({
      config: station,
      scheme: ctx.schemes.get(station.serial)!,
      journal: opts.journal,
      clock: opts.clock,
      log: ctx.log,
      steps: labels ? [labels] : [],
      reprinter: labels,
      carrier,
      onCycle: opts.onCycle,
      admit: opts.upstream && (() => opts.upstream!.admit()),
    });
    return { start: built, carrier };
  },
};

/** The station's label printing, when it has a label and a printer. */
function labelService(station: StartStationConfig, ctx: BuildContext): LabelService | undefined {
  const { opts } = ctx;
  const { config } = opts;
  if (station.label === undefined || station.printer === undefined) return undefined;
  const printer = ctx.device(opts.devices.printers, station.printer, 'printer');
  const label = config.labels[station.label];
  const template = compileTemplate(readFileSync(label.template, 'utf8'), label.template);
  const values = {
    gatewayId: config.gateway.id,
    timeZone: ctx.timeZone,
    scheme: config.serials[station.serial],
  };
  return new LabelService({
    station: station.id,
    printer,
    copies: label.copies,
    render: (unit) => template.render(labelValues(unit, opts.clock.now(), values), label.copies),
    ...(label.rfid && { epc: (unit: UnitContext) => unitEpc(unit, values) }),
    journal: opts.journal,
    store: opts.store,
    clock: opts.clock,
    log: ctx.log.child({ printer: printer.name }),
  });
}
