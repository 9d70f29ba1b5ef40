/**
 * Runs the PLC simulator by hand:
 *   npx tsx devices/opcua/simulator-cli.ts --stations ST10,ST20 --port 4840 --cycle-ms 3000
 * Options: --host (default 127.0.0.1), --pki DIR (default ./data/plc-simulator/pki), --cycle-ms 0
 * for manual requests, --user NAME:PASSWORD (refuses anonymous), --strict-clients (only trusted
 * client certificates). Field switches (docs/plc-handshake.md): --namespace-uri URI (station nodes
 * in their own namespace, for nsu= ids), --reorder-namespaces (that namespace moves at each
 * restart), --result-type Int32|Byte|…, --serial-max-length N, --min-publishing-ms N,
 * --min-sampling-ms N, --max-sessions N. Commands on stdin: `raise ST10`, `drop ST10`, `status`,
 * `restart` (stop and start the server, like a PLC download), `quit`.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { PlcSimulator } from './simulator';
import type { SimDataType } from './simulator-space';

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stations: { type: 'string', default: 'ST10' },
      port: { type: 'string', default: '4840' },
      host: { type: 'string', default: '127.0.0.1' },
      pki: { type: 'string', default: path.join('data', 'plc-simulator', 'pki') },
      'cycle-ms': { type: 'string', default: '3000' },
      user: { type: 'string' },
      'strict-clients': { type: 'boolean', default: false },
      'namespace-uri': { type: 'string' },
      'reorder-namespaces': { type: 'boolean', default: false },
      'result-type': { type: 'string' },
      'serial-max-length': { type: 'string' },
      'min-publishing-ms': { type: 'string' },
      'min-sampling-ms': { type: 'string' },
      'max-sessions': { type: 'string' },
    },
  });
  const log = pino({ base: undefined });
  const stations = values.stations
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const cycleMs = Number(values['cycle-ms']);
  const [user, password] = values.user?.split(':') ?? [];
  const sim = new PlcSimulator({
    stations,
    pkiDir: path.resolve(values.pki),
    port: Number(values.port),
    host: values.host,
    autoCycleMs: cycleMs > 0 ? cycleMs : undefined,
    trustAllClients: !values['strict-clients'],
    ...(user ? { users: { [user]: password ?? '' } } : {}),
    namespaceUri: values['namespace-uri'],
    reorderNamespacesOnRestart: values['reorder-namespaces'],
    resultDataType: values['result-type'] as SimDataType | undefined,
    serialMaxLength: optionalNumber(values['serial-max-length']),
    minPublishingIntervalMs: optionalNumber(values['min-publishing-ms']),
    minSamplingIntervalMs: optionalNumber(values['min-sampling-ms']),
    maxSessions: optionalNumber(values['max-sessions']),
    log,
  });
  sim.onHandshake((h) =>
    log.info(
      {
        station: h.station,
        serial: h.serial,
        result: h.result,
        ackMs: +(h.ackAt - h.requestedAt).toFixed(1),
      },
      'handshake',
    ),
  );
  const url = await sim.start();
  log.info({ endpoint: url, certificate: sim.certificate().thumbprint }, 'PLC simulator ready');

  const shutdown = async (): Promise<void> => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, station] = line.trim().split(/\s+/);
    try {
      if (command === 'raise' && station) sim.raiseRequest(station);
      else if (command === 'drop' && station) sim.dropRequest(station);
      else if (command === 'status')
        for (const s of stations) log.info({ station: s, ...sim.values(s) }, 'status');
      else if (command === 'quit') void shutdown();
      else if (command === 'restart')
        void sim
          .stop()
          .then(() => sim.start())
          .then(() => log.info({ namespaceIndex: sim.stationNamespaceIndex }, 'restarted'))
          .catch((err: unknown) => log.error({ err: String(err) }, 'restart failed'));
      else if (command) log.warn('commands: raise ID, drop ID, status, restart, quit');
    } catch (err) {
      log.error({ err: String(err) }, 'command failed');
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
