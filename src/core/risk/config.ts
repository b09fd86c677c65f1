import { z } from 'zod';
import { SaferError } from '../errors.ts';

export const RISK_LEVELS = ['Low', 'Medium', 'High'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DIMENSIONS = ['harm', 'likelihood', 'organisational'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const DOCS = 'see docs/risk.md for the risk settings and their defaults';

/** Four strictly increasing cut-points: a value below the first scores 1, at or above the last 5. */
const cutPoints = z
  .array(z.number())
  .length(4, 'four cut-points, e.g. [0.8, 0.9, 1.1, 1.25]')
  .refine((c) => c.every((v, i) => i === 0 || v > c[i - 1]!), 'cut-points must be strictly increasing');

const score = z
  .number()
  .int('a whole number from 1 to 5')
  .min(1, 'a whole number from 1 to 5')
  .max(5, 'a whole number from 1 to 5');

/** What every factor has: its label in the report, its dimension and its weight there. */
function base(label: string, dimension: Dimension) {
  return {
    label: z.string().min(1).default(label),
    dimension: z.enum(DIMENSIONS).default(dimension),
    /** relative weight inside its dimension; 0 leaves the factor out of the score */
    weight: z.number().min(0, 'a weight of 0 or more').default(1),
  };
}

export const riskFactorsSchema = z
  .strictObject({
    harm: z
      .strictObject({
        ...base('Harm', 'harm'),
        /** on the share (0–1) of the district's crime-severity-weighted harm the measure carries */
        cutPoints: cutPoints.default([0.02, 0.05, 0.1, 0.2]),
        /** on harm per 1,000, used only when no share is available; null = not used */
        perThousandCutPoints: cutPoints.nullable().default(null),
      })
      .prefault({}),
    publicConcern: z.strictObject(base('Public concern', 'harm')).prefault({}),
    volume: z
      .strictObject({
        ...base('Volume compared with peers', 'likelihood'),
        /** on the rate ratio district : peer average */
        cutPoints: cutPoints.default([0.8, 0.9, 1.1, 1.25]),
        /** a ratio whose 95% interval includes 1 scores 3 (in line with peers) */
        requireSignificance: z.boolean().default(true),
      })
      .prefault({}),
    trend: z
      .strictObject({
        ...base('Trend', 'likelihood'),
        /** on the % change from the previous 12 months; only significant changes move off 3 */
        cutPoints: cutPoints.default([-20, -5, 5, 20]),
      })
      .prefault({}),
    emerging: z
      .strictObject({
        ...base('Emerging signal', 'likelihood'),
        scores: z
          .strictObject({ increase: score.default(5), none: score.default(3), decrease: score.default(2) })
          .prefault({}),
      })
      .prefault({}),
    rank: z
      .strictObject({
        ...base('County rank', 'likelihood'),
        /** on the centre of the district's slot, (position − ½) / of: quintiles by default */
        cutPoints: cutPoints.default([0.2, 0.4, 0.6, 0.8]),
      })
      .prefault({}),
    partnerConcern: z.strictObject(base('Partner concern', 'organisational')).prefault({}),
  })
  .prefault({});

export const concernSchema = z.strictObject({
  partner: score.optional(),
  public: score.optional(),
  note: z.string().optional(),
});

export const riskConfigSchema = z
  .strictObject({
    factors: riskFactorsSchema,
    /** score ≥ medium → Medium, score ≥ high → High (score = harm × likelihood × organisational, 1–125) */
    thresholds: z
      .strictObject({
        medium: z.number().min(1).max(125).default(28),
        high: z.number().min(1).max(125).default(48),
      })
      .prefault({})
      .refine((t) => t.high > t.medium, { message: 'high must be greater than medium', path: ['high'] }),
    /** partner and public concern scores (1–5) entered by the partnership, by measure id */
    concern: z.record(z.string(), concernSchema).default({}),
    /** how many priorities to recommend */
    priorityCount: z.number().int('a whole number').min(1, 'at least 1').default(6),
    /** last year's priorities (measure ids) */
    previousPriorities: z
      .array(z.string().min(1))
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, 'a measure is listed twice'),
    /** last year's risk levels, by measure id */
    previousLevels: z.record(z.string(), z.enum(RISK_LEVELS)).default({}),
  })
  .superRefine((config, ctx) => {
    for (const dimension of DIMENSIONS) {
      const weight = Object.values(config.factors)
        .filter((f) => f.dimension === dimension)
        .reduce((sum, f) => sum + f.weight, 0);
      if (weight <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['factors'],
          message: `no factor with a weight above 0 is in the ${dimension} dimension, so it cannot be scored`,
        });
      }
    }
  });

export type RiskConfigInput = z.input<typeof riskConfigSchema>;
export type RiskConfig = z.output<typeof riskConfigSchema>;
export type RiskFactorId = keyof RiskConfig['factors'];
export type ConcernScores = z.output<typeof concernSchema>;

/** The defaults, as used when a partnership's config has no `risk:` section. */
export function defaultRiskConfig(): RiskConfig {
  return riskConfigSchema.parse({});
}

/** Validates the `risk:` section of a partnership config (undefined or null = all defaults). */
export function parseRiskConfig(raw: unknown, file: string): RiskConfig {
  const result = riskConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = ['risk', ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = knownSettings(issue.path.map(String));
    throw new SaferError(`risk config: "${[...path, key].join('.')}" is not a risk setting`, {
      file,
      value: key,
      hint: known.length > 0 ? `Known settings here: ${known.join(', ')}; ${DOCS}.` : DOCS,
    });
  }
  const present = issue.path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
    raw,
  );
  const value = present === undefined ? undefined : typeof present === 'string' ? present : JSON.stringify(present);
  throw new SaferError(`risk config: "${path.join('.')}": ${issue.message}`, { file, value, hint: DOCS });
}

/** The setting names allowed at a path of the `risk:` section, read off the defaults. */
function knownSettings(path: readonly string[]): string[] {
  if (path.length === 2 && path[0] === 'concern') return Object.keys(concernSchema.shape);
  const node = path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    defaultRiskConfig(),
  );
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
}

/**
 * Throws when the config names a measure the catalogue does not know (a typo would otherwise
 * silently leave a concern score or last year's level unused).
 */
export function checkMeasureIds(config: RiskConfig, knownMeasures: readonly string[], file: string): void {
  const known = new Set(knownMeasures);
  const uses: [string, string[]][] = [
    ['risk.concern', Object.keys(config.concern)],
    ['risk.previousPriorities', config.previousPriorities],
    ['risk.previousLevels', Object.keys(config.previousLevels)],
  ];
  for (const [field, ids] of uses) {
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length === 0) continue;
    throw new SaferError(
      `risk config: "${field}" names ${unknown.length === 1 ? 'an unknown measure' : 'unknown measures'}`,
      {
        file,
        value: unknown.join(', '),
        hint: `Use measure ids from the catalogue: ${[...knownMeasures].sort().join(', ')}.`,
      },
    );
  }
}
