import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import {
  contract,
  documentedOnly,
  namedComponents,
  registerContractSchemas,
} from '../../src/serve/routes/contract-schemas.ts';
import { fixtureAssessment } from '../report/helpers.ts';

// The OpenAPI document publishes the Assessment's contract (src/assess/contract/) as components,
// every reference resolving inside the document; the responses are sent as the engine made them.
test('the contract is in the OpenAPI components and the responses keep every field', async () => {
  const app = Fastify();
  await app.register(swagger, {
    refResolver: namedComponents,
    openapi: { openapi: '3.0.3', info: { title: 'contract', version: '1' } },
  });
  registerContractSchemas(app);
  const a = fixtureAssessment();
  app.get('/a', { ...documentedOnly, schema: { response: { 200: contract('Assessment') } } }, async () => a);
  app.get('/m', { ...documentedOnly, schema: { response: { 200: contract('MeasureAssessment') } } }, async () =>
    a.measures.find((m) => m.rank.county !== null),
  );
  await app.ready();
  const doc = app.swagger() as {
    components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
  };
  const schemas = doc.components.schemas;
  for (const id of ['Assessment', 'MeasureAssessment', 'ChangeFigure', 'MonitoringSection', 'PoliceActivity'])
    assert.ok(schemas[id], id);
  assert.match(schemas['ChangeFigure']!.properties!['pValue']!.description!, /exact conditional/);
  const text = JSON.stringify(doc);
  const refs = [...new Set([...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!))];
  assert.ok(refs.length > 20, 'the parts refer to each other');
  for (const ref of refs) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    assert.ok(name && schemas[name], `${ref} resolves inside the document`);
  }
  const whole = await app.inject({ url: '/a' });
  assert.equal(whole.body, JSON.stringify(a), 'the document is sent as it is, every field kept');
  const m = await app.inject({ url: '/m' });
  assert.equal(m.body, JSON.stringify(a.measures.find((x) => x.rank.county !== null)));
  await app.close();
});
