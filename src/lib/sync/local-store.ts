/**
 * Everything that needs Dexie, in one chunk the app loads after its first paint (see
 * `SyncRuntime.local`): Dexie is a third of the dashboard's JavaScript, and the first screen
 * is the server's render, which needs none of it.
 */
export { LocalDb } from '$lib/db/local-db';
export { enqueue, flush, pendingCount } from './outbox';
export { SyncEngine } from './sync-engine';
