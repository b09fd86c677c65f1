// Which top-level folder of src/ may import which (docs/architecture.md explains each layer).
// A relative import that reaches a folder outside a layer's list fails the lint.
const FOLDERS = ['assess', 'cli', 'core', 'ingest', 'national', 'render', 'report', 'serve', 'store', 'synth'];

/** Folders each layer may import, besides itself and src/version.ts. */
export const ALLOWED = {
  core: [],
  store: ['core'],
  ingest: ['core', 'store'],
  assess: ['core', 'store'],
  national: ['core', 'store', 'assess', 'report'],
  render: ['core'],
  report: ['core', 'render', 'assess'],
  serve: ['core', 'store', 'assess', 'ingest', 'national', 'render', 'report'],
  synth: ['core', 'ingest'],
  cli: FOLDERS,
};

/**
 * The Assessment's contract (zod schemas and the types inferred from them) depends on core only;
 * every layer that makes or shows an Assessment may import it (the analysis stage holds it).
 */
const CONTRACT = 'assess/contract';

/** Statistics stay in the analysis stage: outputs show figures the Assessment carries. */
const NO_STATISTICS = ['report', 'serve', 'render'];

/** Wrong-way imports still to be removed (issue 14). The list only shrinks. */
export const KNOWN_WRONG_WAY = [];

function restricted(layer) {
  const forbidden = FOLDERS.filter((f) => f !== layer && !ALLOWED[layer].includes(f));
  const patterns = [];
  if (forbidden.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
      message: `src/${layer}/ may import only ${['core', ...ALLOWED[layer]].filter((v, i, a) => a.indexOf(v) === i).join(', ')} (docs/architecture.md).`,
    });
  }
  if (NO_STATISTICS.includes(layer)) {
    patterns.push({
      regex: '^(\\.\\./)+core/stats/',
      message: `src/${layer}/ shows figures the Assessment carries; statistics belong to the analysis stage.`,
    });
  }
  return patterns;
}

/** The build step of the analysis stage is pure: no store, no read step, no I/O. */
const BUILD = 'assess/build';
const BUILD_PATTERNS = [
  {
    regex: '^(\\.\\./)+(store|read)/|^\\.\\./engine\\.ts|^node:|^@duckdb/',
    message: `src/${BUILD}/ holds pure builders: no store, no read step, no I/O (docs/analysis-stage.md).`,
  },
];

// the contract's rule comes last: it replaces the assess layer's for those files (and is stricter)
export const importDirectionRules = [
  ...Object.keys(ALLOWED)
    .map((layer) => ({ layer, patterns: restricted(layer) }))
    .filter(({ patterns }) => patterns.length > 0)
    .map(({ layer, patterns }) => ({
      files: [`src/${layer}/**/*.ts`],
      ignores: KNOWN_WRONG_WAY,
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    })),
  {
    files: [`src/${BUILD}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [...restricted('assess'), ...BUILD_PATTERNS] }] },
  },
  {
    files: [`src/${CONTRACT}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(?!core/)[^.]`,
              message: `src/${CONTRACT}/ is the Assessment's contract: it may import core and zod only (docs/architecture.md).`,
            },
          ],
        },
      ],
    },
  },
];
