import type { SqlParam, Store } from '../../store/db.ts';

/**
 * A compiled query that carries the type of its rows (as Kysely's CompiledQuery does): SQL text
 * with `?` placeholders and their values, built by a pure function and run by `rowsOf`. Values
 * from files or requests are always params, never text; builders are tested on their text and
 * params first, then on rows from a small fixture.
 */
export interface Query<R extends object> {
  readonly sql: string;
  readonly params: readonly SqlParam[];
  /** never set: only the row type travels with the value */
  readonly row?: R;
}

export function query<R extends object>(sql: string, params: readonly SqlParam[] = []): Query<R> {
  return { sql, params };
}

/** Runs a query; the rows come back typed as the builder declared them. */
export function rowsOf<R extends object>(store: Store, q: Query<R>): Promise<R[]> {
  return store.all({ sql: q.sql, params: q.params }) as Promise<unknown[]> as Promise<R[]>;
}

/** The first row of a query, or undefined. */
export async function firstRowOf<R extends object>(store: Store, q: Query<R>): Promise<R | undefined> {
  return (await rowsOf(store, q))[0];
}
