import type { Store } from './db.ts';
import { migrations } from './migrations.ts';

/** Applies every migration newer than the store's version, each in its own transaction. */
export async function migrate(store: Store): Promise<number> {
  await store.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
  );
  const row = await store.one<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const current = row?.v ?? 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await store.transaction(async () => {
      await store.run(migration.sql);
      await migration.seed?.(store);
      await store.run({
        sql: 'INSERT INTO schema_migrations VALUES (?, ?, now())',
        params: [migration.version, migration.name],
      });
    });
  }
  return migrations.at(-1)?.version ?? 0;
}
