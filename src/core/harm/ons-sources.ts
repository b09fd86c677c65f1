/**
 * The ONS Crime Severity Score (CSS) weights Safer could trace, kept as found so that every default
 * weight can be re-derived. The official table (ONS, "Crime Severity Score data tool",
 * ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/crimeseverityscoredatatool,
 * sheet "List of weights") was not available offline; these come from secondary sources:
 *
 * EDITION_2016 — the weights of the first release (ONS research output "Developing a Crime
 *   Severity Score for England and Wales using data on crimes recorded by the police", 29 Nov 2016),
 *   as reproduced, grouped by data.police.uk crime type but without offence codes, in a public
 *   GitHub JavaScript file citing the ONS data tool (code index file id 149155715; the repository
 *   name was not given by the index). Identified as the 2016 edition because homicide 7,978.79,
 *   attempted murder 4,662.79 and cannabis possession 3 match the figures ONS released then, as
 *   reported by inews.co.uk and dailymail.co.uk on 29–30 Nov 2016 ("murder 7,979", "attempted
 *   murder … 4,663", "three points … for cannabis possession"). Rounded here to 2 decimals.
 *
 * EDITION_LATER — five named weights from a later edition of the data tool ("datatool.xls",
 *   sheet "List of weights"), quoted in a comment of a public repository's configuration file
 *   (code index file id 70407641436); the edition's date is not stated there.
 */

/** Weights the 2016 list gives for data.police.uk types with one offence each, or in code order. */
export const EDITION_2016 = {
  burglary: [438, 438, 438, 438, 438, 438, 438, 438, 2127, 2127, 117, 117, 117, 117, 1513, 1513],
  criminalDamageAndArson: [439, 837, 185, 7, 7, 7, 7, 19, 19, 19, 19, 19],
  drugs: [497, 5, 11, 9, 3],
  possessionOfWeapons: [75, 635, 327, 58, 55, 1365, 55],
  publicOrder: [10, 24, 365, 365, 365, 1880, 365, 78],
  robbery: [746, 746],
  theftFromThePerson: [86],
  bicycleTheft: [10],
  shoplifting: [13],
  otherTheft: [33],
  vehicleCrime: [7, 19, 8, 722, 48, 34, 124, 12],
  violenceAndSexualOffences: [
    7978.79, 4662.79, 15, 1092.34, 1595.25, 112.16, 677.24, 1918.8, 1965.34, 1492.16, 2892.76, 1965.34, 1325.82, 53.52,
    40.25, 332.82, 469.24, 722.14, 1005.57, 135.98, 184.1, 127.37, 285.42, 250.82, 50.15, 184.09, 285.42, 371.52, 367.2,
    2019.13, 279.53, 38.66, 40.19, 50.97, 14.58, 146.13, 146.04, 106.78, 292.94, 1019.57, 1213.36, 9.33, 16.07, 36.21,
    1480.21, 3240.75, 3261.05, 2895.21, 3871.56, 3229.46, 3006.5, 2929.98, 3905.26, 2535.15, 582.62, 762.67, 561.97,
    582.62, 746.54, 817.05, 442.85, 1143.14, 719.13, 753.18, 709.25, 719.13, 753.18, 709.25, 3344.01, 752.33, 923.37,
    1046.47, 284.67, 1410.35, 869.89, 1599.92, 243.07, 688.85, 496, 71.23, 1001.3, 53.04, 40.89,
  ],
  otherCrime: [
    164.13, 370.05, 164.13, 4.46, 33.59, 123.22, 242.14, 123.22, 123.29, 54.16, 59.05, 54.69, 154.51, 198.62, 114.09,
    156.99, 175.44, 24.65, 4392, 447.33, 164.55, 9.77, 209.13, 53.98, 41.63, 411.17, 155.34, 19.5, 33.26, 11.15, 37.43,
    16.11, 175.44, 153.41, 119.78, 7.52,
  ],
} as const;

/**
 * Positions (0-based) in EDITION_2016.violenceAndSexualOffences of the nine weights between 2,535
 * and 3,905 read as rape offences: ONS and the press ranked "attempted murder, aiding suicide and
 * a number of rape offences" next after homicide, and the two largest weights after attempted
 * murder (3,905.26 and 3,871.56) fall in this run.
 */
export const RAPE_BLOCK_2016 = { from: 45, to: 53 } as const;

/** Named weights from the later edition. */
export const EDITION_LATER = {
  'Robbery of personal property': 993.55,
  'Assault with injury': 203.07,
  'Assault without injury': 12.99,
  Harassment: 39.64,
  'Public fear, alarm or distress': 7.576,
} as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
