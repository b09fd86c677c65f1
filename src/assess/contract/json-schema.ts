/**
 * The contract as JSON Schema (OpenAPI 3.0 dialect): one schema per named part of the Assessment,
 * referring to each other as `Name#` (the ids Fastify's `addSchema` and @fastify/swagger resolve
 * into `#/components/schemas/Name`).
 */
import { z } from 'zod';
import { AssessmentSchema, AssessmentSetSchema } from './assessment.ts';

export type JsonSchema = Record<string, unknown>;

/** Every named schema of the contract, by id, each with `$id` = its id. */
export function contractJsonSchemas(): Record<string, JsonSchema> {
  // the named parts register themselves (z.globalRegistry) when their modules load: these two reach all of them
  void [AssessmentSchema, AssessmentSetSchema];
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: 'openapi-3.0', uri: (id) => `${id}#` }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, { ...schema, $id: id }]));
}
