/** The route: each `requires` entry needs a visit at its station and, if given, that latest result. */
import type { ReleaseReason, ReleaseRule } from '../types';

export const requiresRule: ReleaseRule = {
  name: 'requires',
  check({ station, route }) {
    const reasons: ReleaseReason[] = [];
    for (const need of station.requires ?? []) {
      const at = route[need.station];
      if (!at || at.visits === 0) {
        reasons.push({ rule: 'requires', code: 'ROUTE_NOT_VISITED', text: `not seen at ${need.station}` });
      } else if (need.result !== undefined && at.lastResult !== need.result) {
        const got = at.lastResult === undefined ? 'no result' : `latest result ${at.lastResult}`;
        reasons.push({
          rule: 'requires',
          code: 'ROUTE_RESULT',
          text: `${got} at ${need.station} (needs ${need.result})`,
        });
      }
    }
    return reasons;
  },
};
