/**
 * The simulated RFID reader as a program, on the device side of a socat pty pair:
 *   npx tsx devices/rfid/simulator-cli.ts --dir /tmp/rfid1 [--protocol uhf-bb7e|ascii-lines]
 *     [--auto-every MS --auto-tags EPC,EPC [--auto-reads N]]
 * The gateway opens <dir>/gateway. Commands on stdin: see sim-device.ts and serial/sim-cli.ts.
 */
import { runSimulatorCli } from '../serial/sim-cli';
import { RfidSimDevice, type SimReaderProtocol } from './sim-device';

let device: RfidSimDevice | undefined;
runSimulatorCli((io) => {
  const protocol = io.arg('protocol') ?? 'uhf-bb7e';
  if (protocol !== 'uhf-bb7e' && protocol !== 'ascii-lines') throw new TypeError(`--protocol ${protocol}?`);
  device = new RfidSimDevice(protocol as SimReaderProtocol, io);
  return device;
}).then(
  () => {
    const every = process.argv.indexOf('--auto-every');
    const tags = process.argv.indexOf('--auto-tags');
    const reads = process.argv.indexOf('--auto-reads');
    if (every < 0 || tags < 0) return;
    const args = [process.argv[every + 1], process.argv[tags + 1], reads < 0 ? '5' : process.argv[reads + 1]];
    void Promise.resolve(device?.command('auto', args)).catch((err: Error) => console.error(err.message));
  },
  (err: Error) => {
    console.error(`rfid simulator: ${err.message}`);
    process.exit(1);
  },
);
