/**
 * A gateway process at steady state: the demo line (simulated PLC cycling fast, virtual Zebra)
 * forwarding to a MES in this process, so the gateway's own disk writes and memory can be read
 * from /proc. Used by the flash-wear benchmark and the memory soak.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startGateway, type GatewayProcess } from '../helpers/gateway-process';
import { SoakMes } from './mes';

export interface Steady {
  gw: GatewayProcess;
  mes: SoakMes;
  /** bytes the gateway process has caused to be written to storage (/proc/PID/io write_bytes). */
  writeBytes(): number;
  /** resident set size in bytes (/proc/PID/status VmRSS). */
  rss(): number;
  /** RSS split: anonymous (heap, stacks) and file-backed (the binary, LevelDB's mapped tables). */
  rssParts(): { anon: number; file: number };
  /** completed start cycles so far (from /metrics). */
  cycles(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the line in `dir` with the PLC raising a request every `cycleMs`. */
export async function startSteady(dir: string, cycleMs = 20): Promise<Steady> {
  const mes = new SoakMes();
  const url = await mes.start();
  const demo = readFileSync(path.resolve(__dirname, '../../config/demo.yaml'), 'utf8');
  const config = path.join(dir, 'steady.yaml');
  writeFileSync(
    config,
    demo
      .replace(/dataDir: .*/, `dataDir: ${path.join(dir, 'data')}`)
      .replace('127.0.0.1:8080', '127.0.0.1:0')
      .replace('opc.tcp://127.0.0.1:48400', `opc.tcp://127.0.0.1:${48500 + Math.floor(Math.random() * 1000)}`)
      .replace('simulateCycleMs: 3000', `simulateCycleMs: ${cycleMs}`)
      .replace(
        'template: labels/unit.zpl',
        `template: ${path.resolve(__dirname, '../../config/labels/unit.zpl')}`,
      )
      .replace(/url: http:\/\/127\.0\.0\.1:9200\/linegate\n\s+simulate: true/, `url: ${url}`),
  );
  const gw = await startGateway(config, {
    LINEGATE_LOG_LEVEL: 'info',
    LINEGATE_USE_DIST: process.env.LINEGATE_USE_DIST ?? '',
  });
  const pid = gw.child.pid!;
  return {
    gw,
    mes,
    writeBytes: () => Number(/write_bytes: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]),
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024,
    rssParts() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
      return { anon: kb('RssAnon'), file: kb('RssFile') };
    },
    async cycles() {
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      let n = 0;
      for (const m of text.matchAll(/^linegate_cycles_total\{[^}]*result="0"[^}]*\} (\d+)/gm))
        n += Number(m[1]);
      return n;
    },
    async stop() {
      gw.child.kill('SIGTERM');
      await gw.exited;
      await mes.stop();
    },
  };
}
