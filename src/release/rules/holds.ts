/** Every hold in force that covers the unit is a reason (its id, scope and why). */
import { scopeText } from '../holds';
import type { ReleaseRule } from '../types';

export const holdsRule: ReleaseRule = {
  name: 'holds',
  check({ holds }) {
    return holds.map((h) => ({
      rule: 'holds',
      code: 'ON_HOLD',
      text: `on hold (${scopeText(h.scope)}): ${h.reason}`,
      hold: h.id,
    }));
  },
};
