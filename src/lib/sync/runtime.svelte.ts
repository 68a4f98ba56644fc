import { LocalDb, LOCAL_DB_NAME } from '$lib/db/local-db';
import { connectLive, type LiveSocket } from '$lib/live/socket';
import { flush, pendingCount } from './outbox';
import { SyncEngine } from './sync-engine';

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
	readonly db: LocalDb;
	readonly engine: SyncEngine;
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

	private attempt = 0;
	private again = false;
	private retry: ReturnType<typeof setTimeout> | null = null;
	private stops: (() => void)[] = [];

	constructor(db = new LocalDb()) {
		this.db = db;
		this.engine = new SyncEngine(db, (u, init) =>
			fetch(u, { credentials: 'same-origin', ...init })
		);
	}

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
			socket.on('ports:update', (u) => void this.engine.applyLive(u));
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

	/** Replays offline changes, then pulls; on failure tries again with growing pauses. */
	async sync(): Promise<void> {
		// A change announced while a pull is under way may not be in it: pull once more after.
		if (this.syncing) {
			this.again = true;
			return;
		}
		this.syncing = true;
		this.again = false;
		try {
			const replay = await flush(this.db, (u, init) =>
				fetch(u, { credentials: 'same-origin', ...init })
			);
			const pulled = replay.ok ? await this.engine.pull() : replay;
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
		if (this.again) await this.sync();
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
		this.pending = await pendingCount(this.db);
		this.syncedAt = ((await this.db.meta.get('syncedAt'))?.value as number | undefined) ?? null;
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
	current?.stop();
	current?.db.close();
	current = null;
	await new LocalDb(LOCAL_DB_NAME).delete();
}
