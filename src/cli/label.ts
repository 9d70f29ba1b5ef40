/**
 * `linegate label preview`: renders a label template with given values to PNG, offline, so a
 * controls engineer sees the label before a printer is connected.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileTemplate } from '../labels/template';
import { closePreviewWorker, renderLabelPng } from '../labels/preview';
import { labelValues } from '../printing/label-values';
import { systemTimeZone } from '../serials/calendar';
import { configOrReport } from './config-arg';
import { allFamilies } from './compose';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes';
import { startStations } from '../stations/kinds';

interface PreviewOptions {
  config: string;
  label: string;
  station?: string;
  serial: string;
  set: string[];
  out: string;
  zpl?: boolean;
}

/** Registers `label preview`. */
export function registerLabelCommand(program: Command, run: (result: Promise<number>) => void): void {
  program
    .command('label')
    .description('label templates')
    .command('preview')
    .description('render a label template to PNG (offline) with sample or given values')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .requiredOption('-l, --label <name>', 'template name under labels')
    .option('-s, --station <id>', 'start station whose part number, work order and scheme to use')
    .option('--serial <serial>', 'serial to print', 'SAMPLE0001')
    .option('--set <name=value...>', 'override a placeholder value', [])
    .option('-o, --out <file>', 'PNG to write', 'label-preview.png')
    .option('--zpl', 'print the rendered ZPL to stdout too')
    .action((o: PreviewOptions) => run(preview(o)));
}

async function preview(o: PreviewOptions): Promise<number> {
  const config = configOrReport(o.config, allFamilies());
  if (!config) return EXIT_CONFIG;
  const label = config.labels[o.label];
  if (!label) {
    process.stderr.write(
      `linegate: no label "${o.label}" (defined: ${Object.keys(config.labels).join(', ') || 'none'})\n`,
    );
    return EXIT_FAILURE;
  }
  const start = startStations(config.stations).find((s) =>
    o.station === undefined ? s.label === o.label : s.id === o.station,
  );
  const scheme = config.serials[start?.serial ?? Object.keys(config.serials)[0]];
  const unit = {
    serial: o.serial,
    station: start?.id ?? 'ST00',
    partNumber: start?.partNumber,
    workOrder: start?.workOrder,
    scheme: start?.serial ?? '',
    retry: false,
  };
  const values = labelValues(unit, Date.now(), {
    gatewayId: config.gateway.id,
    timeZone: config.gateway.timeZone ?? systemTimeZone(),
    scheme,
  });
  for (const pair of o.set) {
    const i = pair.indexOf('=');
    if (i > 0) values[pair.slice(0, i)] = pair.slice(i + 1);
  }
  try {
    const zpl = compileTemplate(readFileSync(label.template, 'utf8'), label.template).render(values);
    if (o.zpl) process.stdout.write(zpl.toString('latin1') + '\n');
    writeFileSync(o.out, await renderLabelPng(zpl));
    process.stdout.write(`wrote ${o.out}\n`);
    return EXIT_OK;
  } catch (err) {
    process.stderr.write(`linegate: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  } finally {
    await closePreviewWorker();
  }
}
