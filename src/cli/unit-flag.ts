import { SaferError } from '../core/errors.ts';

/** The unit of `--all [unit]`: districts (plain --all) or community safety partnerships (--all csp). */
export type AssessUnit = 'district' | 'csp';

export function allUnit(flag: boolean | string | undefined): AssessUnit | null {
  if (flag === undefined || flag === false) return null;
  if (flag === true) return 'district';
  const text = flag.trim().toLowerCase();
  if (['district', 'districts'].includes(text)) return 'district';
  if (['csp', 'csps', 'partnership', 'partnerships'].includes(text)) return 'csp';
  throw new SaferError('--all takes no value, or csp (every community safety partnership)', {
    value: flag,
    hint: 'e.g. safer assess --all csp --end 2022-11',
  });
}
