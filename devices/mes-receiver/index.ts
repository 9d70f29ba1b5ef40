/**
 * The built-in MES receiver as a device family: an http upstream sink with `simulate: true`
 * gets a local receiver on its URL, storing events in {dataDir}/mes-receiver/{sink}.jsonl.
 */
import { variantOf } from '../../src/config/compose';
import { HTTP_SINK } from '../../src/upstream/sinks/http';
import path from 'node:path';
import type { DeviceHealth } from '../../src/ports';
import type { DeviceFamily, NamedPart } from '../../src/ports/devices';
import { MesReceiver } from './receiver';

export {
  MesReceiver,
  type MesReceiverOptions,
  type ReceiverAnswer,
  type ReceivedRequest,
  type BatchInfo,
} from './receiver';

/** The receiver as a gateway part. */
class ReceiverPart implements NamedPart {
  readonly kind = 'simulator';
  private running = false;

  constructor(
    readonly name: string,
    private readonly receiver: MesReceiver,
  ) {}

  async start(): Promise<void> {
    await this.receiver.start();
    this.running = true;
  }

  async stop(): Promise<void> {
    await this.receiver.stop();
    this.running = false;
  }

  health(): DeviceHealth {
    return {
      ok: this.running,
      state: this.running ? `stored ${this.receiver.stats.stored} events` : 'stopped',
    };
  }
}

/** The built-in receiver keeps two files of at most this size (a demo runs for days). */
const BUILT_IN_FILE_BYTES = 32 * 1024 * 1024;

export const mesReceiverFamily: DeviceFamily = {
  name: 'mes-receiver',
  simulators(config) {
    const parts: NamedPart[] = [];
    for (const entry of config.upstream ?? []) {
      const sink = variantOf(entry, HTTP_SINK);
      if (!sink?.simulate) continue;
      const url = new URL(sink.url);
      const receiver = new MesReceiver({
        file: path.join(config.gateway.dataDir, 'mes-receiver', `${sink.name}.jsonl`),
        host: url.hostname,
        port: Number(url.port || 80),
        basePath: url.pathname,
        token: sink.token,
        maxFileBytes: BUILT_IN_FILE_BYTES,
      });
      parts.push(new ReceiverPart(`mes-receiver:${sink.name}`, receiver));
    }
    return parts;
  },
};
