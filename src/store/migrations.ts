import type { Store } from './db.ts';
import { OFFENCE_CODES } from '../core/taxonomy/offence-codes.ts';
import { CRIME_TYPE_ALIASES } from '../core/taxonomy/police-uk-types.ts';
import { rebuildDerived } from './resolve.ts';

/**
 * Versioned schema. Append new migrations; never edit one that has shipped.
 * Every data table carries `import_id` (provenance) and `batch` (the slice a later
 * import of the same thing replaces: see docs/import-rules.md).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data seeded after the SQL, in the same transaction. */
  seed?: (store: Store) => Promise<void>;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'canonical tables',
    sql: `
CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
  import_id INTEGER PRIMARY KEY,
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  checksum VARCHAR NOT NULL,
  bytes BIGINT NOT NULL,
  rows_read BIGINT NOT NULL DEFAULT 0,
  rows_loaded BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  rows_replaced BIGINT NOT NULL DEFAULT 0,
  duplicates_dropped BIGINT NOT NULL DEFAULT 0,
  rows_without_location BIGINT NOT NULL DEFAULT 0,
  restricted BOOLEAN NOT NULL DEFAULT false,
  details JSON,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  -- set when a later import replaced every row this one loaded
  replaced_by INTEGER
);

-- Record-level events of every kind: crimes, incidents (incl. ASB), fires, collisions, other.
CREATE TABLE events (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  record_id VARCHAR,
  month DATE NOT NULL,
  date DATE,
  time TIME,
  category VARCHAR NOT NULL,
  sub_category VARCHAR,
  offence_code VARCHAR,
  lsoa VARCHAR,
  ward VARCHAR,
  beat VARCHAR,
  district VARCHAR,
  force VARCHAR,
  longitude DOUBLE,
  latitude DOUBLE,
  location VARCHAR,
  outcome VARCHAR,
  context VARCHAR,
  attrs JSON
);

CREATE TABLE police_outcomes (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  crime_id VARCHAR,
  month DATE NOT NULL,
  force VARCHAR,
  lsoa VARCHAR,
  longitude DOUBLE,
  latitude DOUBLE,
  location VARCHAR,
  outcome_type VARCHAR
);

CREATE TABLE stop_searches (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  force VARCHAR NOT NULL,
  month DATE NOT NULL,
  datetime TIMESTAMP,
  search_type VARCHAR,
  part_of_operation VARCHAR,
  policing_operation VARCHAR,
  latitude DOUBLE,
  longitude DOUBLE,
  gender VARCHAR,
  age_range VARCHAR,
  self_defined_ethnicity VARCHAR,
  officer_defined_ethnicity VARCHAR,
  legislation VARCHAR,
  object_of_search VARCHAR,
  outcome VARCHAR,
  outcome_linked VARCHAR,
  removal_of_clothing VARCHAR
);

-- Aggregate partner indicators (one value per indicator x area x period).
CREATE TABLE indicators (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  indicator VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  value DOUBLE,
  numerator DOUBLE,
  denominator DOUBLE,
  unit VARCHAR
);

-- Comparator counts (Home Office CSP tables, iQuanta exports): area x category x period.
CREATE TABLE comparator_counts (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  area_name VARCHAR,
  category VARCHAR NOT NULL,
  offence_code VARCHAR,
  period VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  count DOUBLE NOT NULL
);

-- Geography: every area once per level and vintage; parents in area_parents (several levels).
CREATE TABLE areas (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  name VARCHAR,
  level VARCHAR NOT NULL,
  vintage VARCHAR NOT NULL,
  latitude DOUBLE,
  longitude DOUBLE
);
CREATE TABLE area_parents (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  child_code VARCHAR NOT NULL,
  child_level VARCHAR NOT NULL,
  parent_code VARCHAR NOT NULL,
  parent_level VARCHAR NOT NULL,
  vintage VARCHAR NOT NULL
);
-- Boundary-change crosswalks (e.g. 2011 LSOA -> 2021 LSOA); change as ONS codes it (U, S, M, X).
CREATE TABLE area_crosswalks (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  from_code VARCHAR NOT NULL,
  from_vintage VARCHAR NOT NULL,
  to_code VARCHAR NOT NULL,
  to_vintage VARCHAR NOT NULL,
  change VARCHAR
);
CREATE TABLE boundaries (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  name VARCHAR,
  level VARCHAR NOT NULL,
  vintage VARCHAR NOT NULL,
  geometry JSON NOT NULL
);

-- Population, households and other denominators (measure = population | households | ...).
CREATE TABLE population (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  measure VARCHAR NOT NULL,
  value DOUBLE NOT NULL
);

CREATE TABLE peer_groups (
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  peer_code VARCHAR NOT NULL,
  position INTEGER
);

-- Offence taxonomy: Home Office offence code -> description -> group -> police.uk crime type.
CREATE TABLE offence_codes (
  import_id INTEGER,
  batch VARCHAR NOT NULL,
  offence_code VARCHAR NOT NULL,
  description VARCHAR NOT NULL,
  offence_group VARCHAR NOT NULL,
  offence_subgroup VARCHAR,
  police_uk_type VARCHAR NOT NULL,
  severity_weight DOUBLE
);
CREATE TABLE crime_type_aliases (
  old_name VARCHAR PRIMARY KEY,
  police_uk_type VARCHAR NOT NULL,
  note VARCHAR
);
`,
  },
  {
    version: 2,
    name: 'geography views and default taxonomy',
    sql: `
-- The latest vintage of each LSOA's ward and district.
CREATE VIEW lsoa_lookup AS
SELECT child_code AS lsoa,
       max_by(parent_code, vintage) FILTER (WHERE parent_level = 'ward') AS ward,
       max_by(parent_code, vintage) FILTER (WHERE parent_level = 'district') AS district
FROM area_parents
WHERE child_level = 'lsoa'
GROUP BY child_code;

-- Events with ward and district filled from the LSOA where the record itself does not say.
-- A row is attributed to a district by its LSOA, whichever force's file it came from.
CREATE VIEW events_located AS
SELECT e.*,
       coalesce(e.ward, l.ward) AS ward_code,
       coalesce(e.district, l.district) AS district_code
FROM events e
LEFT JOIN lsoa_lookup l ON e.lsoa = l.lsoa;
`,
    seed: async (store) => {
      await store.append(
        'offence_codes',
        ['batch', 'offence_code', 'description', 'offence_group', 'offence_subgroup', 'police_uk_type'],
        OFFENCE_CODES.map((o) => ['default', o.code, o.description, o.group, o.subgroup, o.policeUkType]),
      );
      await store.append(
        'crime_type_aliases',
        ['old_name', 'police_uk_type', 'note'],
        CRIME_TYPE_ALIASES.map((a) => [a.oldName, a.policeUkType, a.note]),
      );
    },
  },
  {
    version: 3,
    name: 'LSOA codes of either vintage resolved through the crosswalk',
    // docs/national.md, "Both LSOA vintages". The rule of each crosswalk link is ONS's CHGIND when
    // the file has it (U, S, M, X), else derived from the shape of the links: one old LSOA to one
    // new of another code is a split (the best-fit file keeps one part), several old to one new a
    // merge, one old to several new a split, anything else complex.
    sql: `
CREATE VIEW lsoa_crosswalk_links AS
WITH x AS (
  SELECT from_code, to_code, any_value(change) AS change
  FROM area_crosswalks
  WHERE substr(from_code, 1, 3) IN ('E01', 'W01') AND substr(to_code, 1, 3) IN ('E01', 'W01')
  GROUP BY from_code, to_code),
s AS (
  SELECT x.*, count(*) OVER (PARTITION BY from_code) AS tos, count(*) OVER (PARTITION BY to_code) AS froms FROM x)
SELECT from_code, to_code,
       CASE upper(change) WHEN 'U' THEN 'unchanged' WHEN 'S' THEN 'split' WHEN 'M' THEN 'merged' WHEN 'X' THEN 'complex'
         ELSE CASE WHEN from_code = to_code AND tos = 1 AND froms = 1 THEN 'unchanged'
                   WHEN froms = 1 THEN 'split'
                   WHEN tos = 1 THEN 'merged'
                   ELSE 'complex' END END AS rule
FROM s;

-- An LSOA of a lookup that gives its ward takes the ward and district of the newest such lookup
-- (rule 'lookup': both from one file, so a crosswalk's newer district codes never pair with an
-- older ward). A code no such lookup holds is resolved through the crosswalk to the lookup LSOAs
-- it is linked to: the ward and district most of them are in (ties: the lowest code), with the
-- link's rule ('complex' when its links differ). Otherwise the code keeps the district of the
-- newest lookup that has one (rule 'lookup', no ward).
CREATE OR REPLACE VIEW lsoa_lookup AS
WITH by_batch AS (
  SELECT child_code AS lsoa, batch,
         max(vintage) FILTER (WHERE parent_level = 'ward') AS ward_vintage,
         max(vintage) AS vintage,
         max_by(parent_code, vintage) FILTER (WHERE parent_level = 'ward') AS ward,
         max_by(parent_code, vintage) FILTER (WHERE parent_level = 'district') AS district
  FROM area_parents
  WHERE child_level = 'lsoa'
  GROUP BY child_code, batch),
full_lookup AS (
  SELECT lsoa, max_by(ward, ward_vintage) AS ward, max_by(district, ward_vintage) AS district
  FROM by_batch WHERE ward IS NOT NULL GROUP BY lsoa),
district_only AS (
  SELECT lsoa, max_by(district, vintage) AS district
  FROM by_batch WHERE district IS NOT NULL AND lsoa NOT IN (SELECT lsoa FROM full_lookup) GROUP BY lsoa),
links AS (
  SELECT to_code AS code, from_code AS known, rule FROM lsoa_crosswalk_links
  UNION SELECT from_code, to_code, rule FROM lsoa_crosswalk_links),
via AS (
  SELECT l.code, f.lsoa AS known, f.ward, f.district, l.rule
  FROM links l JOIN full_lookup f ON f.lsoa = l.known
  WHERE l.code NOT IN (SELECT lsoa FROM full_lookup)),
ward_pick AS (
  SELECT code, ward FROM (SELECT code, ward, row_number() OVER (PARTITION BY code ORDER BY count(*) DESC, ward) AS k FROM via WHERE ward IS NOT NULL GROUP BY code, ward) WHERE k = 1),
district_pick AS (
  SELECT code, district FROM (SELECT code, district, row_number() OVER (PARTITION BY code ORDER BY count(*) DESC, district) AS k FROM via WHERE district IS NOT NULL GROUP BY code, district) WHERE k = 1),
resolved AS (
  SELECT v.code AS lsoa, any_value(w.ward) AS ward, any_value(d.district) AS district,
         CASE WHEN count(DISTINCT v.rule) = 1 THEN any_value(v.rule) ELSE 'complex' END AS rule
  FROM via v LEFT JOIN ward_pick w ON w.code = v.code LEFT JOIN district_pick d ON d.code = v.code
  GROUP BY v.code)
SELECT lsoa, ward, district, 'lookup' AS rule FROM full_lookup
UNION ALL SELECT lsoa, ward, district, rule FROM resolved
UNION ALL SELECT lsoa, NULL, district, 'lookup' FROM district_only WHERE lsoa NOT IN (SELECT lsoa FROM resolved);
`,
  },
  {
    version: 4,
    name: 'areas resolved at import, event counts',
    sql: `
-- Each event's ward and district are stored when it is imported and re-resolved when a lookup
-- is imported (src/store/resolve.ts); events_located keeps its name for readers.
DROP VIEW events_located;
-- the LSOA lookup, a table rebuilt when a lookup is imported instead of a view grouped on every
-- read; the view of migration 3 (both vintages) is what it is rebuilt from
ALTER VIEW lsoa_lookup RENAME TO lsoa_lookup_resolved;
CREATE TABLE lsoa_lookup (lsoa VARCHAR NOT NULL, ward VARCHAR, district VARCHAR, rule VARCHAR);
ALTER TABLE events ADD COLUMN ward_code VARCHAR;
ALTER TABLE events ADD COLUMN district_code VARCHAR;
-- whether the event's LSOA is in the loaded lookup (null: not resolved yet)
ALTER TABLE events ADD COLUMN located BOOLEAN;
-- the rule that resolved the event's LSOA (lookup, split, merged, complex; docs/national.md)
ALTER TABLE events ADD COLUMN lsoa_rule VARCHAR;
CREATE VIEW events_located AS SELECT * FROM events;

-- Events counted by everything an Assessment reads, rebuilt batch by batch as imports change them.
CREATE TABLE event_counts (
  district_code VARCHAR,
  month DATE NOT NULL,
  ward_code VARCHAR,
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  offence_code VARCHAR,
  category VARCHAR NOT NULL,
  sub_category VARCHAR,
  date DATE,
  time TIME,
  force VARCHAR,
  located BOOLEAN,
  lsoa_rule VARCHAR,
  import_id INTEGER NOT NULL,
  batch VARCHAR NOT NULL,
  n BIGINT NOT NULL
);
`,
    seed: async (store) => {
      await rebuildDerived(store);
    },
  },
];
