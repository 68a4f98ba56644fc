import type { LocalDb, MetaEntry } from './local-db';

/** One value of the local database's `meta` table (cursor, settings, bill…). */
export async function getMeta<T>(db: LocalDb, key: MetaEntry['key']): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}
