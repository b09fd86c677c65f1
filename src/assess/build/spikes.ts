import { daysInMonth, type Window } from '../../core/periods/index.ts';
import { spikeDays } from '../../core/stats/index.ts';
import { nearCalendarEvent } from '../../core/calendar/index.ts';
import type { CountSource } from './counts.ts';
import type { MeasureAssessment, SpikeDayRef } from '../schema.ts';

/** Spikes flagged when the Bonferroni-adjusted Poisson upper tail is below this over all days tested. */
export const SPIKE_ALPHA = 0.05;

function eventLabel(name: string, offset: number): string {
  if (offset === 0) return name;
  const days = Math.abs(offset);
  return `${days === 1 ? 'the day' : `${days} days`} ${offset > 0 ? 'after' : 'before'} ${name}`;
}

/**
 * Days of the current 12 months far above their month's daily mean (Poisson tail, Bonferroni over
 * every day tested), each labelled with the calendar events on it or a day either side. Needs the
 * date of each record, so data.police.uk (month only) gives none, with a note.
 */
export function spikesFor(
  daily: readonly { date: string; n: number }[],
  source: CountSource | null,
  window: Window,
  complete: boolean,
): MeasureAssessment['spikes'] {
  if (source === 'police-uk')
    return { tested: 0, days: [], note: 'data.police.uk gives the month only: daily spikes cannot be tested' };
  if (daily.length === 0) return { tested: 0, days: [], note: 'no dated records in the period' };
  if (!complete) return { tested: 0, days: [], note: 'the period has missing months: daily spikes not tested' };
  const inWindow = daily.filter((d) => window.months.includes(d.date.slice(0, 7)));
  const tested = new Set(inWindow.map((d) => d.date.slice(0, 7))).size;
  const days: SpikeDayRef[] = spikeDays(
    inWindow.map((d) => ({ date: d.date, count: d.n })),
    undefined,
    { alpha: SPIKE_ALPHA, adjustment: 'bonferroni' },
  )
    .map((s) => ({ ...s, events: nearCalendarEvent(s.date, 1).map((e) => eventLabel(e.name, e.offsetDays)) }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const daysTested = window.months
    .filter((m) => inWindow.some((d) => d.date.startsWith(m)))
    .reduce((s, m) => s + daysInMonth(m), 0);
  return {
    tested: daysTested,
    days,
    note: tested < window.months.length ? `${window.months.length - tested} month(s) had no dated records` : null,
  };
}
