/**
 * Numbered migrations of the config format. A file of an older version is migrated in memory,
 * step by step, before validation; the file on disk is never rewritten behind the user's back.
 */
export const CURRENT_CONFIG_VERSION = 1;

type Migration = (data: Record<string, unknown>) => void;

/** MIGRATIONS[n] turns version n into version n + 1. Version 1 is the first; none exist yet. */
const MIGRATIONS: Record<number, Migration> = {};

/** Brings `data` from `fromVersion` up to the current version, in place. */
export function migrateConfig(data: Record<string, unknown>, fromVersion: number): void {
  for (let v = fromVersion; v < CURRENT_CONFIG_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no config migration from version ${v}`);
    step(data);
  }
  data.version = CURRENT_CONFIG_VERSION;
}
