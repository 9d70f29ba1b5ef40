/** `maxAttempts`: once that many operations are recorded here, one more is refused (and held). */
import type { ReleaseRule } from '../types';

/** The reason code the release check answers with an automatic hold. */
export const MAX_ATTEMPTS = 'MAX_ATTEMPTS';

export const maxAttemptsRule: ReleaseRule = {
  name: 'maxAttempts',
  check({ station, route }) {
    const max = station.maxAttempts;
    const attempts = route[station.id]?.attempts ?? 0;
    if (max === undefined || attempts < max) return [];
    return [
      { rule: 'maxAttempts', code: MAX_ATTEMPTS, text: `${attempts} attempts at ${station.id} (max ${max})` },
    ];
  },
};
