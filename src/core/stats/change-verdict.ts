import { exactConditionalTest } from './exact-conditional-test.ts';

export type ChangeVerdict = 'significant increase' | 'significant decrease' | 'no significant change';

/**
 * Whether a change between two counts is a real rise or fall: the exact conditional test's
 * two-sided p-value is compared with alpha (default 0.05); the direction is that of current against
 * ratio × previous (ratio = exposure of the current period / exposure of the previous one, 1 for
 * equal-length periods of the same area). A non-significant change may still be a numerical
 * increase or decrease: the narrative must then say the change is within normal variation.
 */
export function changeVerdict(current: number, previous: number, alpha = 0.05, ratio = 1): ChangeVerdict {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  if (exactConditionalTest(current, previous, ratio) >= alpha) return 'no significant change';
  return current > ratio * previous ? 'significant increase' : 'significant decrease';
}
