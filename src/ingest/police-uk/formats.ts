/**
 * The three data.police.uk file layouts. Columns are read as text and converted in SQL, so a
 * bad value is reported with its line instead of failing the whole read.
 */
export interface PoliceUkFormat {
  /** Header exactly as data.police.uk writes it. */
  header: readonly string[];
  /** Our column name for each header column, in order. */
  columns: readonly string[];
  /** `street`, `outcomes` or `stop-and-search`: file-name suffix and batch prefix. */
  suffix: string;
}

export const STREET: PoliceUkFormat = {
  header: [
    'Crime ID',
    'Month',
    'Reported by',
    'Falls within',
    'Longitude',
    'Latitude',
    'Location',
    'LSOA code',
    'LSOA name',
    'Crime type',
    'Last outcome category',
    'Context',
  ],
  columns: [
    'crime_id',
    'month',
    'reported_by',
    'falls_within',
    'longitude',
    'latitude',
    'location',
    'lsoa_code',
    'lsoa_name',
    'crime_type',
    'last_outcome',
    'context',
  ],
  suffix: 'street',
};

export const OUTCOMES: PoliceUkFormat = {
  header: [
    'Crime ID',
    'Month',
    'Reported by',
    'Falls within',
    'Longitude',
    'Latitude',
    'Location',
    'LSOA code',
    'LSOA name',
    'Outcome type',
  ],
  columns: [
    'crime_id',
    'month',
    'reported_by',
    'falls_within',
    'longitude',
    'latitude',
    'location',
    'lsoa_code',
    'lsoa_name',
    'outcome_type',
  ],
  suffix: 'outcomes',
};

export const STOP_SEARCH: PoliceUkFormat = {
  header: [
    'Type',
    'Date',
    'Part of a policing operation',
    'Policing operation',
    'Latitude',
    'Longitude',
    'Gender',
    'Age range',
    'Self-defined ethnicity',
    'Officer-defined ethnicity',
    'Legislation',
    'Object of search',
    'Outcome',
    'Outcome linked to object of search',
    'Removal of more than just outer clothing',
  ],
  columns: [
    'search_type',
    'date',
    'part_of_operation',
    'policing_operation',
    'latitude',
    'longitude',
    'gender',
    'age_range',
    'self_defined_ethnicity',
    'officer_defined_ethnicity',
    'legislation',
    'object_of_search',
    'outcome',
    'outcome_linked',
    'removal_of_clothing',
  ],
  suffix: 'stop-and-search',
};

/** `2021-01-hertfordshire-street.csv` → { month: '2021-01', force: 'hertfordshire' }. */
export function parsePoliceUkFileName(name: string, suffix: string): { month: string; force: string } | null {
  const m = new RegExp(`^(\\d{4}-\\d{2})-(.+)-${suffix}\\.csv$`).exec(name);
  return m ? { month: m[1]!, force: m[2]! } : null;
}
