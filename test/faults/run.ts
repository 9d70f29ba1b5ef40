/**
 * `npm run faults`: runs every fault case (or `--quick` ones, or those whose name contains an
 * argument), one line per fault, then a closing line that counts what was said falsely.
 * Exits 1 when anything false was said or a case broke.
 */
import os from 'node:os';
import { addClaims, falseCount, noClaims } from './fault';
import { loadFaults } from './load';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const filters = args.filter((a) => !a.startsWith('--'));
  const faults = loadFaults().filter(
    (f) => (!quick || f.quick) && (filters.length === 0 || filters.some((x) => f.name.includes(x))),
  );
  console.log(
    `faults: ${faults.length} cases on ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores`,
  );
  const total = noClaims();
  let broken = 0;
  let falseCases = 0;
  for (const fault of faults) {
    const started = Date.now();
    try {
      const outcome = await fault.run();
      addClaims(total, outcome);
      const n = falseCount(outcome);
      if (n > 0) falseCases++;
      const ms = Date.now() - started;
      // What was false, by counter, so a FALSE line says which promise broke.
      const said = Object.entries(outcome.false ?? {})
        .filter(([, v]) => (v ?? 0) > 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      console.log(
        `${n > 0 ? 'FALSE' : 'ok   '} ${fault.name}: injected ${outcome.injected}; answered ${outcome.answered}` +
          `${said ? `; false: ${said}` : ''} (${ms} ms)`,
      );
    } catch (err) {
      broken++;
      console.log(`BROKE ${fault.name}: ${(err as Error).stack ?? String(err)}`);
    }
  }
  console.log(
    `faults: ${faults.length} injected, ${falseCases} said something false, ${broken} broke; ` +
      `serials answered twice ${total.servedTwice}, labels confirmed without a print ${total.confirmedUnprinted}, ` +
      `events lost ${total.eventsLost}, bad configs that did not exit 78 ${total.badConfigNot78}, other false ${total.otherFalse}`,
  );
  return falseCases > 0 || broken > 0 ? 1 : 0;
}

void main().then((code) => process.exit(code));
