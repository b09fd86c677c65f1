import type { FastifyInstance } from 'fastify';
import { contractJsonSchemas } from '../../assess/contract/json-schema.ts';

/**
 * The Assessment's contract in the OpenAPI document: every named part of it a shared schema
 * (`components.schemas`), so routes answer with `{ $ref: 'Assessment#' }` and the like.
 */
export function registerContractSchemas(app: FastifyInstance): void {
  for (const schema of Object.values(contractJsonSchemas())) app.addSchema(schema);
}

/**
 * A response documented by the contract's schema but sent as JSON.stringify sends it: the
 * documents are checked against the contract where they are made, and the fast serializer compiled
 * from a schema this size would cost start-up time and could drop fields.
 */
export const documentedOnly = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } as const;

/** A response body: the contract's schema of this name. */
export const contract = (id: string) => ({ $ref: `${id}#` }) as const;

/** Shared schemas keep their own names in the OpenAPI document (`#/components/schemas/Assessment`, not `def-58`). */
export const namedComponents = {
  buildLocalReference: (json: { $id?: unknown }, _base: unknown, _fragment: unknown, i: number) =>
    typeof json.$id === 'string' ? json.$id : `def-${i}`,
};
