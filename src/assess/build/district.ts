import type { CompareMode } from '../../core/periods/comparable.ts';
import type { PartnershipConfig } from '../config.ts';
import { ASSESSMENT_SCHEMA_VERSION, type Assessment, type AreaRef, type MeasureAssessment } from '../schema.ts';
import { VERSION } from '../../version.ts';
import { periodRef } from './change.ts';
import type { MeasureWindows } from './measure.ts';
import { monitorDistrict, type MonitorSeries } from './monitoring.ts';
import { riskAndPriorities } from './risk.ts';

/**
 * What a district's measures settle into once every one is built: harm shares of the total,
 * risk and priorities, the month's monitoring and the emerging signals each measure and ward shows.
 */
export function settleDistrict(
  measures: MeasureAssessment[],
  monitored: readonly MonitorSeries[],
  end: string,
  config: PartnershipConfig,
) {
  const totalHarm = measures.find((m) => m.countedAs === 'all-crime')?.harm?.current;
  for (const m of measures) if (m.harm && totalHarm) m.harm.shareOfTotal = m.harm.current / totalHarm;
  const { priorities, dropped } = riskAndPriorities(measures, config);
  const monitoring = monitorDistrict(monitored, end, { alpha: config.alpha });
  for (const m of measures) {
    m.emerging = monitoring.signals.filter((e) => e.measure === m.countedAs);
    for (const row of m.local.ward?.rows ?? [])
      row.emerging = m.emerging.find((e) => e.area.level === 'ward' && e.area.code === row.code)?.direction ?? null;
  }
  const emergingIssues = monitoring.signals.filter((e) => e.direction === 'increase');
  return { priorities, dropped, monitoring, emergingIssues };
}

/** The district's own reads beyond the measures (read/district.ts). */
export interface DistrictExtras {
  indicators: { indicators: Assessment['partnerIndicators']; withheld: Assessment['restrictedWithheld'] };
  activity: Assessment['policeActivity'];
  background: Assessment['background'];
  quality: Omit<Assessment['dataQuality'], 'fallbacks' | 'incompleteMeasures' | 'unavailableMeasures'>;
  countyTables: Assessment['countyTables'];
}

export interface DistrictParts {
  code: string;
  name: string | null;
  csp: string | null;
  county: AreaRef | null;
  peersNote: string | null;
  measures: MeasureAssessment[];
  settled: ReturnType<typeof settleDistrict>;
  extras: DistrictExtras;
  w: MeasureWindows;
  compare: CompareMode | undefined;
  config: PartnershipConfig;
  generatedAt: string;
}

function comparisonOf(p: DistrictParts): Assessment['comparison'] {
  const { measures, w } = p;
  return {
    mode: p.compare ?? 'auto',
    ...((measures.find((m) => m.countedAs === 'all-crime' && m.comparison) ?? measures.find((m) => m.comparison))
      ?.comparison ?? {
      kind: 'not-assessed',
      label: `${w.current.label} against ${w.previous.label}`,
      months: 0,
      currentMonths: [],
      previousMonths: [],
      excluded: [],
      reason: 'no measure can be counted from the data loaded',
    }),
  };
}

function dataQualityOf(p: DistrictParts): Assessment['dataQuality'] {
  const { measures } = p;
  return {
    ...p.extras.quality,
    fallbacks: measures
      .filter((m) => m.fallback)
      .map((m) => ({ requested: m.id, shown: m.fallback!.measure, note: m.fallback!.note })),
    incompleteMeasures: measures
      .filter((m) => m.available && (!m.current.complete || !m.previous.complete))
      .map((m) => m.id),
    unavailableMeasures: measures
      .filter((m) => !m.available)
      .map((m) => ({ measure: m.id, reason: m.notes.join('; ') })),
  } as Assessment['dataQuality'];
}

/** One district's Assessment from its parts (no I/O). */
export function assembleAssessment(p: DistrictParts): Assessment {
  const { config, settled, extras, w } = p;
  return {
    schemaVersion: ASSESSMENT_SCHEMA_VERSION,
    generatedAt: p.generatedAt,
    generator: { name: 'safer', version: VERSION },
    area: { code: p.code, name: p.name, level: 'district', csp: p.csp },
    county: p.county,
    period: periodRef(w.current),
    previousPeriod: periodRef(w.previous),
    comparison: comparisonOf(p),
    config: {
      dir: config.dir,
      alpha: config.alpha,
      measures: config.measures,
      harmWeights: { source: config.harm.source, edition: config.harm.edition },
      riskThresholds: { ...config.risk.thresholds },
    },
    background: extras.background,
    measures: p.measures,
    priorities: settled.priorities,
    droppedPriorities: settled.dropped,
    emergingIssues: settled.emergingIssues,
    monitoring: settled.monitoring,
    partnerIndicators: extras.indicators.indicators,
    restrictedWithheld: extras.indicators.withheld,
    policeActivity: extras.activity,
    dataQuality: dataQualityOf(p),
    countyTables: extras.countyTables,
    notes: [
      p.peersNote ??
        'no peer group: none imported or declared, and none computable from the population figures loaded; peer ranks not given',
    ],
  };
}
