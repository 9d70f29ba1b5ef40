/**
 * The dashboard's static files (src/dashboard: plain HTML, CSS and JavaScript, no build step).
 *
 * They are served from the source tree, found relative to this module: under tsx this module is
 * src/ops/*.ts (src/dashboard is beside it); after `tsc` it is dist/src/ops/*.js and tsc copies
 * no other files, so the package root's src/dashboard is used (a deployment copies the whole
 * folder, see the README). Only the files named here are ever read, all at start, and requests
 * are answered by exact name from memory: no request path reaches the file system.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The files of the dashboard and their content types. */
export const DASHBOARD_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'trace.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** One file, in memory. */
export interface DashboardFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The folder holding the dashboard, under tsx or after a build; undefined when neither has it. */
export function dashboardDir(): string | undefined {
  const candidates = [
    path.resolve(__dirname, '..', 'dashboard'),
    path.resolve(__dirname, '..', '..', '..', 'src', 'dashboard'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

/** Reads every dashboard file; a missing file is left out (and reported by the caller). */
export function loadDashboardFiles(dir: string | undefined = dashboardDir()): Map<string, DashboardFile> {
  const files = new Map<string, DashboardFile>();
  if (!dir) return files;
  for (const [name, contentType] of Object.entries(DASHBOARD_FILES)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    files.set(name, { body, contentType, etag });
  }
  return files;
}
