import type { LocalDb, MetaEntry } from './local-db';

/** The local database's name (here, not in local-db.ts, so that naming it needs no Dexie). */
export const LOCAL_DB_NAME = 'multiplug';

/** One value of the local database's `meta` table (cursor, settings, bill…). */
export async function getMeta<T>(db: LocalDb, key: MetaEntry['key']): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}
