/**
 * The operations surface of one gateway: the telemetry hub, its metrics and the label preview,
 * behind the one object the gateway feeds (cycles, printers) and the API reads (OpsPort).
 */
import type { Clock, LabelPrinter, Logger } from '../ports';
import { LabelPreviewCache, tapPrinters, type RenderPng } from './label-preview';
import { GatewayMetrics } from './metrics';
import { TelemetryHub } from './telemetry';
import type { CycleInput, DashboardSnapshot, HubSources } from './types';

/** What the API's operations routes need (GET /, /metrics, /api/stream, /api/labels/last.png). */
export interface OpsPort {
  snapshot(): DashboardSnapshot;
  /** Calls `listener` after each change (often: coalesce); returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Prometheus text exposition. */
  metrics(): Promise<{ contentType: string; body: string }>;
  /** The last printed label as PNG, or undefined when none was printed since start. */
  lastLabelPng(): Promise<{ id: number; png: Buffer } | undefined>;
}

export interface OpsOptions {
  gatewayId: string;
  stations: ReadonlyArray<{ id: string; kind: string }>;
  sources: HubSources;
  clock: Clock;
  log: Logger;
  /** device and outbox sampling period for the chart (2000 ms). */
  sampleMs?: number;
  /** ZPL to PNG; default renderLabelPng (zpl-renderer-js in a worker thread). */
  render?: RenderPng;
}

/** Telemetry, metrics and label preview of one gateway. */
export class Ops implements OpsPort {
  readonly hub: TelemetryHub;
  private readonly gatewayMetrics: GatewayMetrics;
  private readonly preview: LabelPreviewCache;

  constructor(opts: OpsOptions) {
    this.hub = new TelemetryHub({ ...opts, log: opts.log.child({ module: 'ops' }) });
    this.gatewayMetrics = new GatewayMetrics({
      gatewayId: opts.gatewayId,
      hub: this.hub,
      sources: opts.sources,
    });
    this.preview = new LabelPreviewCache(opts.render);
  }

  /** Starts listening and sampling. Idempotent. */
  async start(): Promise<void> {
    await this.gatewayMetrics.start();
    await this.hub.start();
  }

  /** Stops listening and sampling. Idempotent. */
  async stop(): Promise<void> {
    await this.hub.stop();
    await this.gatewayMetrics.stop();
  }

  /** Records a finished start cycle (the gateway's onCycle). */
  cycle(report: CycleInput): void {
    this.hub.cycle(report);
  }

  /** The printers the stations should print through, so the last label can be previewed. */
  tapPrinters(printers: ReadonlyMap<string, LabelPrinter>): Map<string, LabelPrinter> {
    return tapPrinters(printers, (printer, zpl) => this.hub.labelPrinted(printer, zpl));
  }

  snapshot(): DashboardSnapshot {
    return this.hub.snapshot();
  }

  onChange(listener: () => void): () => void {
    this.hub.on('changed', listener);
    return () => this.hub.off('changed', listener);
  }

  metrics(): Promise<{ contentType: string; body: string }> {
    return this.gatewayMetrics.text();
  }

  async lastLabelPng(): Promise<{ id: number; png: Buffer } | undefined> {
    const label = this.hub.lastLabel();
    if (!label) return undefined;
    return { id: label.id, png: await this.preview.png(label.id, label.zpl) };
  }
}
