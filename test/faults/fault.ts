/**
 * The fault-injection suite's contract: each case injects one fault into real parts (a gateway
 * process, a fake printer or MES server, a copied store, a pty) and reports what the gateway
 * answered and whether anything it said was false. Cases live in `cases/*.fault.ts`, each file
 * exporting `faults: Fault[]`; `npm run faults` runs all of them, `npm test` the quick ones.
 */

/** What a case counts as false: each a number of occurrences, 0 when the gateway told the truth. */
export interface FalseClaims {
  /** one serial answered (result 0 or printed) for two requests or two units */
  servedTwice: number;
  /** a label reported printed (label.printed / result 0) that the printer never printed */
  confirmedUnprinted: number;
  /** events recorded and then missing from the store or upstream, or a seq reused */
  eventsLost: number;
  /** an invalid config that did not exit 78 (from check-config or run) */
  badConfigNot78: number;
  /** anything else claimed done that was not (noise taken as a scan, a stalled reconnect…) */
  otherFalse: number;
}

/** One fault's outcome, printed as one line. */
export interface FaultOutcome {
  /** what was injected, e.g. "printer stops reading mid-label" */
  injected: string;
  /** what the gateway answered, e.g. "result 2 PRINTER_FAULT, label.failed" */
  answered: string;
  /** the false claims seen; omitted keys count 0 */
  false?: Partial<FalseClaims>;
}

/** One fault case. */
export interface Fault {
  /** a stable, short name: `printer.stall-mid-label` */
  name: string;
  /** true: cheap enough (a few seconds) to run in `npm test` as well */
  quick: boolean;
  /** runs the case on its own resources and cleans up; throws only when the case itself broke */
  run(): Promise<FaultOutcome>;
}

/** Zero counts, to add outcomes into. */
export function noClaims(): FalseClaims {
  return { servedTwice: 0, confirmedUnprinted: 0, eventsLost: 0, badConfigNot78: 0, otherFalse: 0 };
}

/** Adds one outcome's claims into the totals. */
export function addClaims(total: FalseClaims, outcome: FaultOutcome): FalseClaims {
  for (const key of Object.keys(total) as (keyof FalseClaims)[]) total[key] += outcome.false?.[key] ?? 0;
  return total;
}

/** The number of false claims in one outcome. */
export function falseCount(outcome: FaultOutcome): number {
  return Object.values(outcome.false ?? {}).reduce((a, b) => a + (b ?? 0), 0);
}
