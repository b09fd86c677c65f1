import { SaferError } from '../core/errors.ts';
import { COMPARE_MODES, type CompareMode } from '../core/periods/comparable.ts';

/** `--compare auto|12-months|like-for-like` checked, with the fix named. */
export function compareMode(value: string | undefined): CompareMode {
  const mode = (value ?? 'auto') as CompareMode;
  if (!COMPARE_MODES.includes(mode))
    throw new SaferError('--compare must be auto, 12-months or like-for-like', {
      value,
      hint: 'e.g. --compare like-for-like',
    });
  return mode;
}
