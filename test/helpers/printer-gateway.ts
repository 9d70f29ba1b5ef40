/**
 * A real gateway process whose start station ST10 prints on a printer at a TCP port the test
 * owns (a VirtualZebra or a hand-written fake printer server), with start, SIGKILL-restart and a
 * look at the store afterwards. Shared by the printing integration tests and the fault cases.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GatewayEvent } from '../../src/events/event';
import { Sublevels } from '../../src/store/layout';
import { openStore } from '../../src/store/store';
import { startGateway, type GatewayProcess } from './gateway-process';
import { TEST_TOKEN, gatewayYaml } from './gateway-config';
import { until as pollUntil } from './until';

export const UNIT_TEMPLATE = path.resolve(__dirname, '../../config/labels/unit.zpl');
const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };

/** The answer to one start. */
export interface StartAnswer {
  status: number;
  body: { serial?: string; result: number; code?: string; error?: string };
}

/** Printer settings written into the gateway's config. */
export interface PrinterGatewayOptions {
  /** the printer's TCP port. */
  port: number;
  /** default 1500: generous, so a loaded machine (the suite runs beside others) is not a silent printer. */
  statusTimeoutMs?: number;
  confirmTimeoutMs?: number;
  /** RFID labels: the unit scheme gets GTIN 80614141123458 (prefix 0614141), the label rfid: sgtin96. */
  rfid?: boolean;
}

/** The GTIN and company prefix length of the RFID test scheme (GS1's SGTIN example). */
export const RFID_GTIN = '80614141123458';

/** A gateway child process printing on the printer at `port`, its data in `dir`. */
export class PrinterGateway {
  private gw: GatewayProcess | undefined;
  readonly file: string;

  constructor(
    readonly dir: string,
    options: PrinterGatewayOptions,
  ) {
    this.file = path.join(dir, 'linegate.yaml');
    const printer = [
      `type: tcp, host: 127.0.0.1, port: ${options.port}`,
      `statusTimeoutMs: ${options.statusTimeoutMs ?? 1500}`,
      `confirmTimeoutMs: ${options.confirmTimeoutMs ?? 3000}`,
    ];
    let yaml = gatewayYaml(
      dir,
      `    label: unit
    printer: zebra1
printers:
  zebra1: { connection: { ${printer[0]} }, ${printer[1]}, ${printer[2]} }
labels:
  unit: { template: ${UNIT_TEMPLATE}${options.rfid ? ', rfid: { epc: sgtin96 }' : ''} }
`,
    );
    if (options.rfid)
      yaml = yaml.replace(
        '    format: "{YY}{seq:7}{check:gs1}"\n',
        `    format: "{YY}{seq:7}{check:gs1}"\n    gtin: "${RFID_GTIN}"\n    companyPrefixDigits: 7\n`,
      );
    writeFileSync(this.file, yaml);
  }

  /** The running process (throws when not started). */
  get process(): GatewayProcess {
    if (!this.gw) throw new Error('gateway not started');
    return this.gw;
  }

  /** Starts the gateway process and waits until it is ready. */
  async start(): Promise<void> {
    this.gw = await startGateway(this.file);
  }

  /** SIGKILLs the process (no shutdown at all) and starts it again on the same store. */
  async crashAndRestart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** SIGKILLs the process, if running. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** Stops the process gracefully (SIGTERM), if running. */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const gw = this.gw;
    this.gw = undefined;
    if (!gw || gw.child.exitCode !== null) return;
    gw.child.kill(signal);
    await gw.exited;
  }

  /** POST /api/stations/ST10/start, with a requestId when given. */
  async startUnit(requestId?: string): Promise<StartAnswer> {
    const res = await fetch(`${this.process.url}/api/stations/ST10/start`, {
      method: 'POST',
      headers,
      body: JSON.stringify(requestId === undefined ? {} : { requestId }),
    });
    return { status: res.status, body: (await res.json()) as StartAnswer['body'] };
  }

  /** GET /healthz: status and body. */
  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.process.url}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** The printer's part of /healthz. */
  async printerHealth(): Promise<{ ok: boolean; state: string }> {
    const parts = (await this.health()).body.parts as Record<string, { ok: boolean; state: string }>;
    return parts['printer:zebra1'];
  }

  /** Resolves once health calls the printer fine (connected, status known and without fault). */
  async printerReady(): Promise<void> {
    await until('the printer to be ready', async () => (await this.printerHealth()).ok);
  }

  /** Every event in the store (the gateway must be stopped: LevelDB is exclusive). */
  async events(): Promise<GatewayEvent[]> {
    const store = await openStore(path.join(this.dir, 'data'));
    try {
      return (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
    } finally {
      await store.close();
    }
  }
}

/** Resolves when `cond` holds, polling every 20 ms; throws after `ms` naming what it waited for. */
export function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  return pollUntil(what, cond, ms, 20);
}
