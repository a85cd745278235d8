/**
 * Activities: whether a region is read in a build, known now (`true`/`false`) or as a residual
 * condition text for the merge. Combined without evaluating anything.
 */
import type { Activity } from './model.js';

export function andActivity(a: Activity, b: Activity): Activity {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  if (a === b) return a;
  return `(${a}) && (${b})`;
}

export function notActivity(a: Activity): Activity {
  return a === true ? false : a === false ? true : `!(${a})`;
}

export const isLive = (when: readonly Activity[]): boolean => when.some((w) => w !== false);
