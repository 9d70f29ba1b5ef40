/**
 * A gateway of a line whose readers and scanners are in-memory fakes (test/helpers/fake-devices):
 * the config is the base start station plus `line`, in a fresh folder.
 */
import { Gateway } from '../../src/gateway';
import type { Clock } from '../../src/ports';
import { fakeFamily } from './fake-devices';
import { gatewayConfig } from './gateway-config';
import { silentLog } from './silent-log';
import { tempDir } from './tmp';

/** A running fake line. */
export interface FakeLine {
  gateway: Gateway;
  fakes: ReturnType<typeof fakeFamily>;
  dir: string;
  /** stops the gateway and removes the folder. */
  close(): Promise<void>;
}

/** Starts the gateway on `line` (YAML appended to the base start station), extra serial `schemes`. */
export async function fakeLine(line: string, o: { schemes?: string; clock?: Clock } = {}): Promise<FakeLine> {
  const tmp = tempDir();
  const fakes = fakeFamily();
  const config = gatewayConfig(tmp.dir, line, o.schemes);
  const gateway = new Gateway({
    config,
    log: silentLog,
    families: [fakes],
    ...(o.clock ? { clock: o.clock } : {}),
  });
  const close = async () => {
    await gateway.stop();
    tmp.cleanup();
  };
  try {
    await gateway.start();
  } catch (err) {
    await close();
    throw err;
  }
  return { gateway, fakes, dir: tmp.dir, close };
}
