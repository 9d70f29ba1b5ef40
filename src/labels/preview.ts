/**
 * Label preview: ZPL to PNG offline, with zpl-renderer-js in a worker thread (it blocks for about
 * 100 ms a label). One shared worker, started on first use; it does not keep the process alive
 * while idle. Works under tsx (the worker is the .ts file, run with tsx's loader) and from the
 * tsc build (the compiled .js beside this file).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LinegateError } from '../errors';

/** Page geometry of a preview; defaults are a 4 x 2 inch label at 203 dpi. */
export interface PreviewOptions {
  widthMm?: number;
  heightMm?: number;
  /** dots per millimetre: 8 (203 dpi), 12 (300 dpi), 24 (600 dpi). */
  dpmm?: number;
  /** a render that takes longer is failed and the worker restarted (default 30000). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Reply {
  id: number;
  png?: string;
  error?: string;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Renders the first label of `zpl` to a PNG image. Rejects with LABEL_PREVIEW_FAILED. */
export function renderLabelPng(zpl: string | Buffer, options: PreviewOptions = {}): Promise<Buffer> {
  const w = ensureWorker();
  const id = nextId++;
  const request = {
    id,
    zpl: typeof zpl === 'string' ? zpl : zpl.toString('utf8'),
    widthMm: options.widthMm ?? 101.6,
    heightMm: options.heightMm ?? 50.8,
    dpmm: options.dpmm ?? 8,
  };
  return new Promise<Buffer>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      failAll(new LinegateError('LABEL_PREVIEW_FAILED', `preview took longer than ${timeoutMs} ms`));
      void closePreviewWorker();
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    w.ref();
    w.postMessage(request);
  });
}

/** Stops the preview worker (tests, shutdown); a later render starts a new one. */
export async function closePreviewWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  failAll(new LinegateError('LABEL_PREVIEW_FAILED', 'preview worker stopped'));
  if (w) await w.terminate();
}

function ensureWorker(): Worker {
  if (worker) return worker;
  // Under tsx this module is a .ts file and so is the worker; tsx's loader must be in the worker.
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `preview-worker${ext === '.ts' ? '.ts' : '.js'}`);
  const execArgv = ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [];
  const w = new Worker(file, { execArgv });
  w.unref();
  w.on('message', (reply: Reply) => settle(reply));
  w.on('error', (err) => {
    failAll(
      new LinegateError('LABEL_PREVIEW_FAILED', `preview worker failed: ${err.message}`, { cause: err }),
    );
  });
  w.on('exit', () => {
    if (worker === w) worker = undefined;
    failAll(new LinegateError('LABEL_PREVIEW_FAILED', 'preview worker exited'));
  });
  worker = w;
  return w;
}

function settle(reply: Reply): void {
  const p = pending.get(reply.id);
  if (!p) return;
  pending.delete(reply.id);
  clearTimeout(p.timer);
  if (pending.size === 0) worker?.unref();
  if (reply.png !== undefined) p.resolve(Buffer.from(reply.png, 'base64'));
  else
    p.reject(new LinegateError('LABEL_PREVIEW_FAILED', `preview failed: ${reply.error ?? 'unknown error'}`));
}

function failAll(err: Error): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(err);
  }
  worker?.unref();
}
