import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { gpiodArgs, gpiodBackend, type Level } from '../../../devices/gpio';

/** Just enough of a ChildProcess: stdout/stderr streams, kill() that exits. */
class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exitCode: number | null = null;
  signalCode: string | null = null;
  constructor(
    readonly command: string,
    readonly args: string[],
  ) {
    super();
  }
  kill(signal = 'SIGTERM'): boolean {
    this.signalCode = signal;
    setImmediate(() => this.emit('exit', null, signal));
    return true;
  }
}

function fakeProcesses(version: string, level = '0') {
  const spawned: FakeChild[] = [];
  const runs: Array<[string, string[]]> = [];
  return {
    spawned,
    runs,
    processes: {
      spawn(command: string, args: string[]): ChildProcess {
        const child = new FakeChild(command, args);
        spawned.push(child);
        return child as unknown as ChildProcess;
      },
      async run(command: string, args: string[]): Promise<string> {
        runs.push([command, args]);
        return command === 'gpiomon' ? version : `${level}\n`;
      },
    },
  };
}

describe('gpiod tools backend', () => {
  it('builds the v1 and v2 command lines', () => {
    const v1 = gpiodArgs(1, 'gpiochip0');
    assert.deepEqual(v1.monitor(17, 'both'), ['-b', '-F', '%o %e %s.%n', 'gpiochip0', '17']);
    assert.deepEqual(v1.monitor(17, 'rising', true), [
      '-b',
      '-l',
      '-r',
      '-F',
      '%o %e %s.%n',
      'gpiochip0',
      '17',
    ]);
    assert.deepEqual(v1.set(5, 1), ['-m', 'signal', 'gpiochip0', '5=1']);
    assert.deepEqual(v1.get(17), ['gpiochip0', '17']);
    const v2 = gpiodArgs(2, 'gpiochip4');
    assert.deepEqual(v2.monitor(17, 'both'), ['-e', 'both', '-F', '%o %e %S', '-c', 'gpiochip4', '17']);
    assert.deepEqual(v2.set(5, 0, true), ['-l', '-c', 'gpiochip4', '5=0']);
    assert.deepEqual(v2.get(17), ['--numeric', '-c', 'gpiochip4', '17']);
  });

  it('reads the first level with gpioget, then edges from gpiomon', async () => {
    const fake = fakeProcesses('gpiomon (libgpiod) v1.6.3', '1');
    const backend = gpiodBackend({ processes: fake.processes });
    const pin = await backend.openInput(17, { edge: 'both' });
    assert.equal(await pin.read(), 1);
    assert.deepEqual(fake.runs[1], ['gpioget', ['gpiochip0', '17']]);
    const mon = fake.spawned[0];
    assert.equal(mon.command, 'gpiomon');
    const seen: Level[] = [];
    pin.onEdge((l) => seen.push(l));
    mon.stdout.write('17 0 100.000000001\n17 1 100.020000000\n18 0 100.03\nMonitoring line 17\n');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, [0, 1]);
    assert.equal(await pin.read(), 1);
    await pin.close();
    assert.equal(mon.signalCode, 'SIGTERM');
  });

  it('drives an output with one gpioset at a time, waiting for the old one to exit', async () => {
    const fake = fakeProcesses('gpiomon (libgpiod) v2.1');
    const backend = gpiodBackend({ processes: fake.processes, chip: 'gpiochip4' });
    const pin = await backend.openOutput(5, { initial: 0 });
    await pin.write(1);
    await pin.write(1);
    await pin.write(0);
    assert.deepEqual(
      fake.spawned.map((c) => c.args.at(-1)),
      ['5=0', '5=1', '5=0'],
    );
    assert.deepEqual(
      fake.spawned.map((c) => c.signalCode),
      ['SIGTERM', 'SIGTERM', null],
    );
    await pin.close();
    assert.equal(fake.spawned[2].signalCode, 'SIGTERM');
    await assert.rejects(pin.write(1));
  });

  it('reports a tool that dies on its own', async () => {
    const fake = fakeProcesses('gpiomon (libgpiod) v1.6.3');
    const errors: string[] = [];
    const backend = gpiodBackend({
      processes: fake.processes,
      onProcessError: (line, m) => errors.push(`${line}: ${m}`),
    });
    await backend.openInput(17, { edge: 'rising' });
    const mon = fake.spawned[0];
    mon.stderr.write('gpiomon: error waiting for events: Device or resource busy\n');
    await new Promise((r) => setImmediate(r));
    mon.exitCode = 1;
    mon.emit('exit', 1, null);
    assert.deepEqual(errors, ['17: gpiomon: error waiting for events: Device or resource busy']);
  });
});
