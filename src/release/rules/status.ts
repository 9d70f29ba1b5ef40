/** A scrapped, voided or completed unit is processed nowhere. */
import type { ReleaseRule } from '../types';

const FINAL: Record<string, string> = {
  scrapped: 'UNIT_SCRAPPED',
  voided: 'UNIT_VOIDED',
  completed: 'UNIT_COMPLETED',
};

export const statusRule: ReleaseRule = {
  name: 'status',
  check({ record }) {
    const code = FINAL[record.status];
    return code === undefined ? [] : [{ rule: 'status', code, text: `unit is ${record.status}` }];
  },
};
