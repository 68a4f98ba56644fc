import { localView } from './local-view';
import type { LocalDb } from './local-db';
import { getMeta } from './meta';

/**
 * How many alerts still ask for attention (open and not acknowledged), as the phone's copy
 * has them: the number on the Alerts tab. Null before a first sync.
 */
export async function readAttentionCount(db: LocalDb): Promise<number | null> {
	if ((await getMeta<number>(db, 'syncedAt')) === undefined) return null;
	return db.alerts.filter((a) => a.clearedAt === null && a.acknowledgedAt === null).count();
}

export const attentionCountQuery = (database: () => Promise<LocalDb>) =>
	localView(database, (db) => readAttentionCount(db));
