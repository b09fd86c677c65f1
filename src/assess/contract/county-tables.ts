/** The district against its county by type (docs/assessment.md, countyTables[]). */
import { z } from 'zod';
import { named, num } from './common.ts';

const counts = z.strictObject({ current: z.number(), previous: num() });

export const CountyTableRowSchema = named(
  'CountyTableRow',
  z.strictObject({
    key: z.string(),
    label: z.string(),
    district: counts,
    county: counts,
    rate: num().describe('district per 1,000 residents (ranked tables only)'),
    rank: z
      .strictObject({ position: z.number(), of: z.number(), previousPosition: num() })
      .nullable()
      .describe(
        '1 = lowest rate among the county’s districts with a population (ties share the lower position); previous on the same population',
      ),
  }),
  'one type of the table',
);
export type CountyTableRow = z.infer<typeof CountyTableRowSchema>;

export const CountyTableSchema = named(
  'CountyTable',
  z.strictObject({
    id: z
      .enum(['drug-offences', 'collision-severity'])
      .describe(
        '`drug-offences` (from the `drugs` measure’s rows) or `collision-severity` (the `road-traffic-collisions` rows, when counted from records)',
      ),
    measure: z.string().describe('the measure counted whose comparability the table follows'),
    title: z.string(),
    currentMonths: z.array(z.string()),
    previousMonths: z.array(z.string()).describe('empty when the change is not assessed (then every previous is null)'),
    comparedLabel: z.string(),
    districts: z.number().describe('districts of the county counted'),
    rows: z.array(CountyTableRowSchema),
    note: z.string().nullable(),
  }),
  'the reference assessment’s tables of the district against its county, made from partners’ records (data.police.uk publishes neither offence codes nor collisions)',
);
export type CountyTable = z.infer<typeof CountyTableSchema>;
