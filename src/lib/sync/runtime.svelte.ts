import { afterFirstPaint } from '$lib/after-paint';
import type { LocalDb } from '$lib/db/local-db';
import { LOCAL_DB_NAME } from '$lib/db/meta';
import { connectLive, type LiveSocket } from '$lib/live/socket';
import type { OutboxResult } from '$server/sync/sync.types';
import type { Change } from './outbox';
import type { SyncEngine } from './sync-engine';

type Store = typeof import('./local-store');
interface Local {
	store: Store;
	db: LocalDb;
	engine: SyncEngine;
}
const loadStore = (): Promise<Store> => import('./local-store');

const RETRY_MS = [2_000, 5_000, 15_000, 60_000];
const PERIODIC_MS = 5 * 60_000;
const FIRST_PULL_WAIT_MS = 3_000;

/**
 * The offline-first app's one runtime per tab: the local database, the live socket and the
 * sync loop. It pulls on start, on reconnect, when the browser comes online and when
 * another phone of the user changed something; it replays the outbox first, so the pull
 * already contains those changes. Its state drives the offline banner.
 */
export class SyncRuntime {
	socket: LiveSocket | null = null;
	private socketUsers: ((socket: LiveSocket) => void)[] = [];

	// Known before the runtime starts, so an offline start says so from the first paint.
	online = $state(typeof navigator === 'undefined' || navigator.onLine);
	connected = $state(false);
	syncing = $state(false);
	/** Server time of the data shown (the last successful pull), or null before any. */
	syncedAt = $state<number | null>(null);
	pending = $state(0);
	problem = $state<string | null>(null);
	/** Why the server refused changes made offline that no page was waiting for. */
	refused = $state<string[]>([]);

	private attempt = 0;
	private again = false;
	private current: Promise<void> | null = null;
	/** Ops a page waits for (`submit`): null until the server has answered. Not state: no page
	 *  renders it. */
	private waiting: Record<string, OutboxResult | null> = {};
	private retry: ReturnType<typeof setTimeout> | null = null;
	private stops: (() => void)[] = [];

	/** Set once `local()` has been called: log-out closes the database only if it was opened. */
	private loading: Promise<Local> | null = null;
	private ended = false;

	/**
	 * The local database and the sync engine, loaded on first use: Dexie and the sync code
	 * are a chunk of their own, so the first screen (the server's render) does not wait for
	 * them.
	 */
	local(): Promise<Local> {
		// After log-out the pages still mounted must not create the database again, empty,
		// once it has been deleted (a view that was waiting for the first paint, say).
		if (this.ended) return new Promise<Local>(() => undefined);
		this.loading ??= loadStore().then((store) => {
			const db = new store.LocalDb();
			const engine = new store.SyncEngine(db, (u, init) =>
				fetch(u, { credentials: 'same-origin', ...init })
			);
			return { store, db, engine };
		});
		return this.loading;
	}

	/** The tab's first paint, waited for once however many views ask for the database. */
	private painted: Promise<void> | null = null;

	/**
	 * The local database, for pages' views: opened once the first screen is painted, or half a
	 * second after load at the latest, so a phone that paints late still gets its own data
	 * soon (offline, it is fresher than the cached page).
	 */
	readonly database = (): Promise<LocalDb> =>
		(this.painted ??= new Promise<void>((painted) => afterFirstPaint(painted, 500, false)))
			.then(() => this.local())
			.then((l) => l.db);

	/**
	 * Opens the live socket and starts syncing. The (app) layout calls it after the first
	 * paint: pages read the local database on their own, and nothing here is needed to show
	 * them.
	 */
	start(): () => void {
		const onOnline = () => {
			this.online = navigator.onLine;
			if (this.online) void this.sync();
		};
		this.online = navigator.onLine;
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOnline);
		// The service worker queued a change (a notification's Acknowledge with no network).
		const onWorkerMessage = (e: MessageEvent) => {
			if ((e.data as { type?: string } | null)?.type === 'OUTBOX_CHANGED') void this.changed();
		};
		navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
		const periodic = setInterval(() => void this.sync(), PERIODIC_MS);
		void this.refreshMeta();
		// The first pull waits for the socket: a pull started before it joins its rooms has to
		// be repeated once it has (a change in between reaches neither), and on a phone every
		// pull is a write transaction and a re-render. Without a socket soon, it pulls anyway.
		let first: ReturnType<typeof setTimeout> | null = setTimeout(() => {
			first = null;
			void this.sync();
		}, FIRST_PULL_WAIT_MS);
		let stopped = false;
		this.stops.push(() => {
			stopped = true;
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOnline);
			navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
			clearInterval(periodic);
			if (first) clearTimeout(first);
			if (this.retry) clearTimeout(this.retry);
			this.socket?.close();
			this.socket = null;
		});
		void connectLive().then((socket) => {
			if (stopped) return void socket.close();
			socket.on('connect', () => {
				this.connected = true;
				if (first) clearTimeout(first);
				first = null;
				void this.sync();
			});
			socket.on('disconnect', () => (this.connected = false));
			socket.on('ports:update', (u) => void this.local().then((l) => l.engine.applyLive(u)));
			socket.on('sync:changed', () => void this.sync());
			socket.on('alerts:changed', () => void this.sync());
			socket.on('alerts:opened', () => void this.sync());
			socket.on('devices:changed', () => void this.sync());
			this.socket = socket;
			for (const use of this.socketUsers) use(socket);
		});
		return () => this.stop();
	}

	/**
	 * Lets a page use the tab's one socket, shared with the sync loop: `use` runs when the
	 * socket exists (at once, or when the runtime has opened it) and returns what undoes its
	 * listeners. The returned function undoes them, or cancels the wait.
	 */
	withSocket(use: (socket: LiveSocket) => () => void): () => void {
		let undo: (() => void) | null = null;
		const attach = (socket: LiveSocket) => {
			undo?.();
			undo = use(socket);
		};
		this.socketUsers.push(attach);
		if (this.socket) attach(this.socket);
		return () => {
			this.socketUsers = this.socketUsers.filter((u) => u !== attach);
			undo?.();
		};
	}

	stop(): void {
		for (const s of this.stops.splice(0)) s();
	}

	/** At log-out: stops, closes the database if it was opened, and never opens it again. */
	async end(): Promise<void> {
		this.ended = true;
		this.stop();
		if (this.loading) (await this.loading).db.close();
	}

	/**
	 * Replays offline changes, then pulls; on failure tries again with growing pauses. A call
	 * while a sync runs makes it pull once more (a change announced meanwhile may not be in
	 * the pull under way) and resolves when that is done.
	 */
	sync(): Promise<void> {
		if (this.current) {
			this.again = true;
			return this.current;
		}
		this.current = this.run().finally(() => (this.current = null));
		return this.current;
	}

	private async run(): Promise<void> {
		do {
			this.again = false;
			this.syncing = true;
			try {
				const { store, db, engine } = await this.local();
				const replay = await store.flush(db, (u, init) =>
					fetch(u, { credentials: 'same-origin', ...init })
				);
				this.note(replay.results);
				const pulled = replay.ok ? await engine.pull() : replay;
				if (pulled.ok) {
					this.attempt = 0;
					this.problem = null;
				} else if (pulled.reason === 'unauthorized') {
					this.problem = 'Your session ended: log in again to sync.';
				} else {
					this.problem =
						pulled.reason === 'offline' ? null : 'The server did not answer; trying again.';
					this.scheduleRetry();
				}
			} finally {
				this.syncing = false;
				await this.refreshMeta();
			}
		} while (this.again);
	}

	/** Answers go to the page waiting for them; a refusal nobody waits for is shown. */
	private note(results: OutboxResult[]): void {
		for (const r of results) {
			if (r.id in this.waiting) this.waiting[r.id] = r;
			else if (r.status === 'rejected') this.refused.push(r.reason ?? 'refused');
		}
	}

	/**
	 * Changes that work offline: each written to the local database together with its outbox
	 * entry (pages show them at once), then sent, in order, when the browser is online.
	 * Resolves with the server's answer to each, or `queued` for one that could not be sent
	 * now (it goes when it can, and a refusal then shows in the banner).
	 */
	async submit(...changes: Change[]): Promise<(OutboxResult | { status: 'queued' })[]> {
		const { store, db } = await this.local();
		const ids: string[] = [];
		for (const change of changes) ids.push(await store.enqueue(db, change));
		await this.refreshMeta();
		if (!this.online) return ids.map(() => ({ status: 'queued' }));
		for (const id of ids) this.waiting[id] = null;
		try {
			await this.sync();
			return ids.map((id) => this.waiting[id] ?? { status: 'queued' });
		} finally {
			for (const id of ids) {
				delete this.waiting[id];
			}
		}
	}

	/** Writes a change with its outbox entry and sends it when possible (see `submit`). */
	async enqueue(change: Change): Promise<void> {
		const { store, db } = await this.local();
		await store.enqueue(db, change);
		await this.changed();
	}

	/** After an offline change: show it as pending and send it when possible. */
	async changed(): Promise<void> {
		await this.refreshMeta();
		if (this.online) void this.sync();
	}

	private scheduleRetry(): void {
		if (this.retry) return;
		const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
		this.retry = setTimeout(() => {
			this.retry = null;
			void this.sync();
		}, wait);
	}

	private async refreshMeta(): Promise<void> {
		const { store, db } = await this.local();
		this.pending = await store.pendingCount(db);
		this.syncedAt = ((await db.meta.get('syncedAt'))?.value as number | undefined) ?? null;
	}
}

let current: SyncRuntime | null = null;

/** The tab's runtime (created on first use, in the browser only). */
export function syncRuntime(): SyncRuntime {
	current ??= new SyncRuntime();
	return current;
}

/** At log-out: close and delete the local database, so the next person sees nothing. */
export async function deleteLocalData(): Promise<void> {
	const ending = current;
	current = null;
	await ending?.end();
	// IndexedDB's own call, not Dexie's: log-out is a page about to go away (and the log-in
	// page runs this again on arrival), so the deletion must not wait for a chunk to load.
	// Other tabs' Dexie closes its connection when asked, so the deletion is not held.
	await new Promise<void>((resolve, reject) => {
		const request = indexedDB.deleteDatabase(LOCAL_DB_NAME);
		request.onsuccess = () => resolve();
		request.onerror = () =>
			reject(request.error ?? new Error('the local database was not deleted'));
	});
}
