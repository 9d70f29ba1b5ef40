/**
 * The preview image of the last printed label: rendered only when the dashboard asks for it,
 * once per label (concurrent requests share one render), in the preview worker thread, so a
 * cycle never waits for it. A failed render is forgotten so the next request tries again.
 */
import type { LabelPrinter, PrintOptions } from '../ports';
import { renderLabelPng, type PreviewOptions } from '../labels/preview';

/** Renders ZPL to PNG (renderLabelPng, or a fake in tests). */
export type RenderPng = (zpl: Buffer, options: PreviewOptions) => Promise<Buffer>;

/** Caches the PNG of the latest label, keyed by the label's id. */
export class LabelPreviewCache {
  private entry: { id: number; png: Promise<Buffer> } | undefined;

  constructor(private readonly render: RenderPng = renderLabelPng) {}

  /** The PNG of label `id`, rendering it unless the cached one is that label. */
  png(id: number, zpl: Buffer): Promise<Buffer> {
    if (this.entry?.id === id) return this.entry.png;
    const png = this.render(zpl, labelGeometry(zpl));
    const entry = { id, png };
    this.entry = entry;
    png.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return png;
  }
}

/**
 * Page size from the label's own ^PW (print width) and ^LL (label length), in dots at 203 dpi,
 * so a 2 x 1 in label is not drawn on a 4 x 2 in page; renderLabelPng's defaults otherwise.
 */
export function labelGeometry(zpl: Buffer, dpmm = 8): PreviewOptions {
  const text = zpl.toString('latin1');
  const dots = (cmd: string) => {
    const m = new RegExp(`\\^${cmd}(\\d{2,5})`).exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const width = dots('PW');
  const length = dots('LL');
  return {
    dpmm,
    ...(width !== undefined && { widthMm: width / dpmm }),
    ...(length !== undefined && { heightMm: length / dpmm }),
  };
}

/**
 * A printer that reports each label it confirmed, with its ZPL. Everything else passes through;
 * a failing listener is ignored, since the label has printed whatever the dashboard thinks.
 */
export function tapPrinter(
  printer: LabelPrinter,
  onPrinted: (printer: string, zpl: Buffer) => void,
): LabelPrinter {
  return {
    get name() {
      return printer.name;
    },
    start: () => printer.start(),
    stop: () => printer.stop(),
    health: () => printer.health(),
    status: () => printer.status(),
    async print(zpl: Buffer, options?: PrintOptions): Promise<void> {
      await printer.print(zpl, options);
      try {
        onPrinted(printer.name, zpl);
      } catch {
        // telemetry only
      }
    },
  };
}

/** Taps every printer of a table (see tapPrinter). */
export function tapPrinters(
  printers: ReadonlyMap<string, LabelPrinter>,
  onPrinted: (printer: string, zpl: Buffer) => void,
): Map<string, LabelPrinter> {
  return new Map([...printers].map(([name, p]) => [name, tapPrinter(p, onPrinted)]));
}
