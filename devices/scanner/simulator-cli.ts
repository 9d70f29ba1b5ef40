/**
 * The simulated barcode scanner as a program, on the device side of a socat pty pair:
 *   npx tsx devices/scanner/simulator-cli.ts --dir /tmp/scan1 [--eol crlf|cr|lf]
 *     [--auto-every MS --auto-hex HEX,HEX]
 * The gateway opens <dir>/gateway. Commands on stdin: see sim-device.ts and serial/sim-cli.ts.
 */
import { runSimulatorCli } from '../serial/sim-cli';
import { ScannerSimDevice } from './sim-device';

let device: ScannerSimDevice | undefined;
runSimulatorCli((io) => {
  device = new ScannerSimDevice(io, ScannerSimDevice.eolOf(io.arg('eol')));
  return device;
}).then(
  () => {
    const every = process.argv.indexOf('--auto-every');
    const scans = process.argv.indexOf('--auto-hex');
    if (every < 0 || scans < 0) return;
    void Promise.resolve(device?.command('auto', [process.argv[every + 1], process.argv[scans + 1]])).catch(
      (err: Error) => console.error(err.message),
    );
  },
  (err: Error) => {
    console.error(`scanner simulator: ${err.message}`);
    process.exit(1);
  },
);
