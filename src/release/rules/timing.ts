/**
 * Cure and cool-down times: a `requires` entry with `minMs` / `maxMs` bounds the time since the
 * unit's latest operation (or, with none, its latest visit) at that station.
 */
import type { ReleaseReason, ReleaseRule } from '../types';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export const timingRule: ReleaseRule = {
  name: 'timing',
  check({ station, route, now }) {
    const reasons: ReleaseReason[] = [];
    for (const need of station.requires ?? []) {
      const at = route[need.station];
      if (!at || at.visits === 0 || (need.minMs === undefined && need.maxMs === undefined)) continue;
      const since = now - (at.lastResultAt ?? at.lastAt);
      if (need.minMs !== undefined && since < need.minMs)
        reasons.push({
          rule: 'timing',
          code: 'TOO_SOON',
          text: `${seconds(since)} since ${need.station} (min ${seconds(need.minMs)})`,
        });
      if (need.maxMs !== undefined && since > need.maxMs)
        reasons.push({
          rule: 'timing',
          code: 'TOO_LATE',
          text: `${seconds(since)} since ${need.station} (max ${seconds(need.maxMs)})`,
        });
    }
    return reasons;
  },
};
