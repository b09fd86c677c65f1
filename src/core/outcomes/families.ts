/**
 * Outcome families: the police.uk outcome categories (street files' `Last outcome category`,
 * outcomes files' `Outcome type`) and the Home Office outcome types 1–22 of force extracts, grouped
 * the way a partnership reads them (docs/measures.md, Outcomes). Pure: no I/O.
 */

export const OUTCOME_FAMILIES = [
  { id: 'charged', label: 'Charged or summonsed' },
  { id: 'out-of-court', label: 'Out-of-court disposal' },
  { id: 'evidential', label: 'Evidential difficulties / unable to prosecute' },
  { id: 'no-suspect', label: 'No suspect identified' },
  { id: 'public-interest', label: 'Not in the public interest' },
  { id: 'open', label: 'Under investigation or awaiting court' },
  { id: 'other', label: 'Other' },
] as const;

export type OutcomeFamily = (typeof OUTCOME_FAMILIES)[number]['id'];

export const FAMILY_LABEL: Readonly<Record<OutcomeFamily, string>> = Object.fromEntries(
  OUTCOME_FAMILIES.map((f) => [f.id, f.label]),
) as Record<OutcomeFamily, string>;

/** The outcome text given when a crime has none yet (no outcome recorded at all). */
export const NO_OUTCOME = 'No outcome recorded';

/** police.uk category (lower case) → family. Anything else is `other`. */
const POLICE_UK: Record<string, OutcomeFamily> = {
  'suspect charged': 'charged',
  'suspect charged as part of another case': 'charged',
  'court result unavailable': 'charged',
  'offender sent to prison': 'charged',
  'offender given suspended prison sentence': 'charged',
  'offender fined': 'charged',
  'offender given community sentence': 'charged',
  'offender given conditional discharge': 'charged',
  'offender given absolute discharge': 'charged',
  'offender otherwise dealt with': 'charged',
  'offender ordered to pay compensation': 'charged',
  'offender deprived of property': 'charged',
  'offender given a referral order': 'charged',
  'defendant found not guilty': 'charged',
  'defendant sent to crown court': 'charged',
  'court case unable to proceed': 'charged',
  'offender given a caution': 'out-of-court',
  'local resolution': 'out-of-court',
  'offender given community resolution': 'out-of-court',
  'offender given penalty notice': 'out-of-court',
  'offender given a drugs possession warning': 'out-of-court',
  'unable to prosecute suspect': 'evidential',
  'investigation complete; no suspect identified': 'no-suspect',
  'formal action is not in the public interest': 'public-interest',
  'further investigation is not in the public interest': 'public-interest',
  'further action is not in the public interest': 'public-interest',
  'under investigation': 'open',
  'awaiting court outcome': 'open',
  'no outcome recorded': 'open',
  'action to be taken by another organisation': 'other',
  'status update unavailable': 'other',
};

/** Home Office outcome type (1–22) → family. */
const HOME_OFFICE: Record<number, OutcomeFamily> = {
  1: 'charged', // charge or summons (1A: alternative offence)
  2: 'out-of-court', // youth caution
  3: 'out-of-court', // adult caution
  4: 'charged', // taken into consideration
  5: 'other', // offender died
  6: 'out-of-court', // penalty notice for disorder
  7: 'out-of-court', // cannabis or khat warning
  8: 'out-of-court', // community resolution
  9: 'public-interest', // prosecution not in the public interest (CPS)
  10: 'public-interest', // formal action not in the public interest (police)
  11: 'evidential', // prosecution prevented: suspect under age
  12: 'evidential', // prosecution prevented: suspect too ill
  13: 'evidential', // prosecution prevented: victim or key witness dead or too ill
  14: 'evidential', // victim declines or unable to support action to identify the suspect
  15: 'evidential', // named suspect identified: evidential difficulties
  16: 'evidential', // named suspect identified: victim does not support further action
  17: 'evidential', // prosecution time limit expired
  18: 'no-suspect', // investigation complete, no suspect identified
  19: 'other', // (not used by territorial forces)
  20: 'other', // further action by another body or agency
  21: 'public-interest', // further investigation not in the public interest
  22: 'out-of-court', // diversionary, educational or intervention activity
};

/** Police.uk category words for Home Office outcome types, so raw categories read alike whatever the source. */
const HOME_OFFICE_LABEL: Record<number, string> = {
  1: 'Suspect charged',
  2: 'Offender given a caution',
  3: 'Offender given a caution',
  4: 'Suspect charged as part of another case',
  5: 'Offender died',
  6: 'Offender given penalty notice',
  7: 'Offender given a drugs possession warning',
  8: 'Local resolution',
  9: 'Formal action is not in the public interest',
  10: 'Formal action is not in the public interest',
  11: 'Unable to prosecute suspect',
  12: 'Unable to prosecute suspect',
  13: 'Unable to prosecute suspect',
  14: 'Unable to prosecute suspect',
  15: 'Unable to prosecute suspect',
  16: 'Unable to prosecute suspect',
  17: 'Unable to prosecute suspect',
  18: 'Investigation complete; no suspect identified',
  19: 'Status update unavailable',
  20: 'Action to be taken by another organisation',
  21: 'Further investigation is not in the public interest',
  22: 'Diversionary, educational or intervention activity',
};

/** `"15"`, `"Outcome 15"`, `"OC15"`, `"1A"` → 15, 1; anything else null. */
export function homeOfficeOutcomeType(text: string): number | null {
  const m = /^\s*(?:outcome(?:\s*type)?|oc|o)?\s*[-:]?\s*(\d{1,2})[a-z]?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 22 ? n : null;
}

/** The category an outcome is shown under: police.uk words as given; a Home Office type in police.uk words with its number. */
export function outcomeCategory(raw: string | null): string {
  const text = raw?.trim() ?? '';
  if (text === '') return NO_OUTCOME;
  const ho = homeOfficeOutcomeType(text);
  if (ho !== null) return `${HOME_OFFICE_LABEL[ho]} (outcome ${ho})`;
  return text;
}

/** The family of an outcome (a police.uk category, a Home Office outcome type, or empty for none yet). */
export function outcomeFamily(raw: string | null): OutcomeFamily {
  const text = raw?.trim() ?? '';
  if (text === '') return 'open';
  const ho = homeOfficeOutcomeType(text);
  if (ho !== null) return HOME_OFFICE[ho]!;
  return POLICE_UK[text.toLowerCase()] ?? (/^diversionary/i.test(text) ? 'out-of-court' : 'other');
}

/**
 * Sanctioned detections as the reference assessment quotes them: charged or summonsed (including
 * crimes taken into consideration) and out-of-court disposals, plus crimes awaiting a court
 * outcome (a charge has been made; their family is "under investigation or awaiting court").
 */
export function isDetection(raw: string | null): boolean {
  const family = outcomeFamily(raw);
  return (
    family === 'charged' || family === 'out-of-court' || (raw ?? '').trim().toLowerCase() === 'awaiting court outcome'
  );
}
