/** A minimal server-sent events reader for tests: collects `snapshot` events as parsed JSON. */
import { get, type ClientRequest } from 'node:http';
import type { DashboardSnapshot } from '../../../src/ops/types';

export interface SnapshotReader {
  /** every snapshot received so far. */
  snapshots: DashboardSnapshot[];
  /** resolves with the first snapshot (already received or later) that satisfies `test`. */
  until(test: (s: DashboardSnapshot) => boolean): Promise<DashboardSnapshot>;
  /** resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Connects to `${base}/api/stream`. */
export function readSnapshots(base: string): Promise<SnapshotReader> {
  return new Promise((resolve, reject) => {
    const snapshots: DashboardSnapshot[] = [];
    const waiters: Array<{
      test: (s: DashboardSnapshot) => boolean;
      resolve: (s: DashboardSnapshot) => void;
    }> = [];
    let req: ClientRequest | undefined = undefined;
    let markEnded: () => void = () => undefined;
    const ended = new Promise<void>((r) => (markEnded = r));
    req = get(`${base}/api/stream`, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame);
          if (!frame.startsWith('event: snapshot') || !data) continue;
          const snap = JSON.parse(data[1]) as DashboardSnapshot;
          snapshots.push(snap);
          for (const w of [...waiters])
            if (w.test(snap)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(snap);
            }
        }
      });
      res.on('end', markEnded);
      res.on('close', markEnded);
      resolve({
        snapshots,
        ended,
        until: (test) =>
          new Promise((r) => {
            const found = snapshots.find(test);
            if (found) r(found);
            else waiters.push({ test, resolve: r });
          }),
        close: () => req?.destroy(),
      });
    });
    req.on('error', reject);
  });
}
