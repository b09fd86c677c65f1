// Size budget: no function over 80 lines (blank lines and comments not counted). Files listed in
// OVER_BUDGET held longer functions when the budget came in; each may not grow past its figure,
// and the list only shrinks as those functions are split (issue 14).
const MAX = 80;
const options = (max) => ({ max, skipBlankLines: true, skipComments: true, IIFEs: true });

/** File → its longest function today. */
export const OVER_BUDGET = {
  'src/assess/read/stop-search.ts': 166,
  'src/assess/read/background.ts': 93,
  'src/assess/read/county-tables.ts': 83,
  'src/assess/build/monitoring.ts': 176,
  'src/assess/read/cells.ts': 83,
  'src/assess/read/peer-rank.ts': 134,
  'src/assess/build/risk.ts': 86,
  'src/cli/commands/demo.ts': 82,
  'src/cli/commands/report.ts': 86,
  'src/cli/commands/serve.ts': 163,
  'src/cli/commands/status.ts': 205,
  'src/cli/program.ts': 185,
  'src/core/stats/holt-winters-intervals.ts': 91,
  'src/ingest/records/transform.ts': 167,
  'src/national/summary.ts': 136,
  'src/render/charts/bar.ts': 116,
  'src/render/charts/choropleth.ts': 109,
  'src/render/charts/monthly.ts': 174,
  'src/render/charts/rolling.ts': 227,
  'src/report/build/appendix.ts': 90,
  'src/report/build/intro.ts': 92,
  'src/report/build/summary.ts': 88,
  'src/report/checklist.ts': 136,
  'src/report/docx/styles.ts': 113,
  'src/serve/data/monitoring.ts': 98,
  'src/serve/pages/admin.ts': 87,
  'src/serve/routes/admin.ts': 255,
  'src/serve/routes/api.ts': 394,
  'src/serve/routes/auth.ts': 159,
  'src/serve/routes/data.ts': 391,
  'src/serve/routes/export.ts': 91,
  'src/serve/routes/local.ts': 115,
  'src/serve/routes/pages.ts': 281,
  'src/serve/routes/prefs.ts': 102,
  'src/serve/server.ts': 286,
  'src/store/as-of.ts': 92,
  'src/store/check.ts': 88,
  'src/store/status.ts': 97,
  'src/store/vintages.ts': 130,
  'src/synth/comparators.ts': 98,
  'src/synth/crimes.ts': 89,
  'src/synth/geography.ts': 112,
  'src/synth/ground-truth.ts': 157,
  'src/synth/index.ts': 286,
};

export const functionSizeRules = [
  { files: ['src/**/*.ts'], rules: { 'max-lines-per-function': ['error', options(MAX)] } },
  ...Object.entries(OVER_BUDGET).map(([file, max]) => ({
    files: [file],
    rules: { 'max-lines-per-function': ['error', options(max)] },
  })),
];
