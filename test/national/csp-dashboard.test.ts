/**
 * CSP runs on the small synthetic county (its lookups link LSOAs, not districts, to CSPs): the
 * county tables are filled for a CSP as for a district (docs/national.md), and the dashboard opens
 * an area page and the API's Assessment for a CSP code, the CSP assessed as one area.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/db.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { assessRun } from '../../src/national/entry.ts';
import { cspMembers } from '../../src/national/units.ts';
import { PASSWORD, testServer } from '../serve/helpers.ts';

test(
  'a CSP of the synthetic county: county tables filled, and its dashboard page and API Assessment work',
  { timeout: 900_000 },
  async (t) => {
    const server = await testServer();
    t.after(() => server.close());
    const store: Store = server.store;
    const focus = server.county.focus.code;
    const members = await cspMembers(store);
    const csp = members.find((m) => m.district === focus)!.csp;
    // the CSP holding the focus district holds it alone (the synthetic county's CSPs are its districts)
    assert.deepEqual(
      members.filter((m) => m.csp === csp).map((m) => m.district),
      [focus],
    );
    const options = { config: loadConfig(), now: new Date('2026-01-01T00:00:00Z') };
    const byCsp = (await assessRun(store, csp, null, options)).set.assessments[0]!;
    const byDistrict = (await assessRun(store, focus, null, options)).set.assessments[0]!;
    assert.equal(byCsp.area.level, 'csp');
    assert.deepEqual(
      byCsp.partnership?.districts.map((d) => d.code),
      [focus],
    );
    assert.ok((byCsp.countyTables ?? []).length > 0, 'county tables in a CSP run');
    // the same rows as the district's own run: the county's other units are its other CSPs (one district each)
    assert.deepEqual(
      byCsp.countyTables!.map((c) => [c.id, c.districts, c.rows.map((r) => [r.key, r.district, r.county, r.rank])]),
      byDistrict.countyTables!.map((c) => [
        c.id,
        c.districts,
        c.rows.map((r) => [r.key, r.district, r.county, r.rank]),
      ]),
    );
    const allCrime = (a: typeof byCsp) => a.measures.find((m) => m.id === 'all-crime')!;
    assert.equal(allCrime(byCsp).current.count, allCrime(byDistrict).current.count);
    assert.equal(allCrime(byCsp).current.rate, allCrime(byDistrict).current.rate);

    // the dashboard: the API's Assessment and the area page of the CSP code
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'viewer', password: PASSWORD },
    });
    const cookie = `safer_session=${login.cookies.find((c) => c.name === 'safer_session')!.value}`;
    const get = async (url: string) => {
      for (let tries = 0; ; tries++) {
        const r = await server.app.inject({ method: 'GET', url, headers: { cookie } });
        if (r.statusCode !== 202 || tries >= 600) return r;
        await new Promise((ok) => setTimeout(ok, 500));
      }
    };
    const api = await get(`/api/assessment?area=${csp}`);
    assert.equal(api.statusCode, 200, api.body.slice(0, 300));
    assert.equal(api.json().area.code, csp);
    assert.equal(api.json().area.level, 'csp');
    const page = await get(`/area/${csp}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<title>${byCsp.area.name}: overview`));
  },
);
