import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import { BIN, runCli } from '../../helpers/gateway-process';

const STX = String.fromCharCode(2);
const ETX = String.fromCharCode(3);

/** Sends `~HS` and resolves with the paused flag of the first status string (0 or 1). */
function pausedFlag(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('~HS'));
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      // three strings, each framed STX … ETX; the first: "030,<paper out>,<paused>,…". (Paper out
      // would make the simulated printer silent, as a real one is: no flag to read.)
      if (got.split(ETX).length < 4) return;
      socket.destroy();
      const first = new RegExp(`${STX}(\\d{3}),([01]),([01]),`).exec(got);
      if (first) resolve(first[3]);
      else reject(new Error(`not a ~HS answer: ${JSON.stringify(got)}`));
    });
    socket.on('error', reject);
  });
}

describe('linegate sim', function () {
  this.timeout(30000);
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  it('sim printer: serves ~HS on the port it prints, takes its fault switches on stdin, quit exits 0', async () => {
    child = spawn(process.execPath, [BIN, 'sim', 'printer', '--port', '0']);
    const proc = child;
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const lines = readline.createInterface({ input: proc.stdout });
    const port = await new Promise<number>((resolve, reject) => {
      lines.on('line', (l) => {
        const m = /^ready (\d+)$/.exec(l);
        if (m) resolve(Number(m[1]));
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code} before ready`)));
    });
    assert.ok(port > 0);
    assert.equal(await pausedFlag(port), '0');
    proc.stdin.write('paused on\n');
    // the stdin line and the next TCP request race: ask until the switch has been taken.
    let flag = await pausedFlag(port);
    while (flag !== '1') flag = await pausedFlag(port);
    proc.stdin.write('paused off\n');
    while (flag !== '0') flag = await pausedFlag(port);
    proc.stdin.write('quit\n');
    assert.equal(await exited, 0);
  });

  it('an unknown simulator exits 64 and names the known ones', async () => {
    const r = await runCli(['sim', 'toaster']);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /unknown simulator toaster \(one of plc, printer, mes, reader, scanner\)/);
  });
});
