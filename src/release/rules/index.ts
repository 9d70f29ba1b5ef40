/**
 * The release rules, in the order their reasons are listed. A new rule is one file in this folder
 * and one line here.
 */
import type { ReleaseRule } from '../types';
import { holdsRule } from './holds';
import { maxAttemptsRule } from './max-attempts';
import { partWorkOrderRule } from './part-work-order';
import { requiresRule } from './requires';
import { statusRule } from './status';
import { timingRule } from './timing';

export const releaseRules: readonly ReleaseRule[] = [
  statusRule,
  holdsRule,
  requiresRule,
  timingRule,
  maxAttemptsRule,
  partWorkOrderRule,
];
