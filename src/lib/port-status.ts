import * as m from '$i18n/messages';
import { formatTime } from '$lib/format';
/**
 * What a port card may say about a port, from three separate facts that must never be
 * mixed up: whether this phone can reach the server now, whether the server considers the
 * strip offline (the same rule and moment as the "Strip offline" alert), and how old the
 * port's newest reading is, counted from the reading's own time.
 */
export type PortStatus =
	/** the phone is connected and the strip reports: the figures are current */
	| { kind: 'live'; age: number }
	/** the server has marked the strip offline (its alert is open) */
	| { kind: 'strip-offline'; since: number; age: number | null }
	/** the strip reports, but this port's meter has not for a while */
	| { kind: 'port-silent'; age: number }
	/** this phone cannot reach the server: the figures are the last it received */
	| { kind: 'last-known'; age: number; why: Reach }
	| { kind: 'no-data' };

/** How this phone reaches the server: 'offline' (no network) or 'no-server' (network, no server). */
export type Reach = 'online' | 'offline' | 'no-server';

export interface PortFacts {
	/** when the port's newest reading was measured (ms), or null: never */
	ts: number | null;
	/** when the server marked the strip offline, or null: it did not */
	stripOfflineSince: number | null;
	reach: Reach;
	now: number;
	/** a port reading older than this, while the strip reports, is not current */
	staleAfterMs: number;
}

export function portStatus(f: PortFacts): PortStatus {
	const age = f.ts === null ? null : Math.max(0, f.now - f.ts);
	// A reading measured after the server marked the strip offline means it is back; the
	// alert's clearing reaches the phone a moment after the reading itself.
	const stripOffline =
		f.stripOfflineSince !== null && (f.ts === null || f.ts < f.stripOfflineSince);
	if (stripOffline) return { kind: 'strip-offline', since: f.stripOfflineSince!, age };
	if (age === null) return { kind: 'no-data' };
	if (f.reach !== 'online') return { kind: 'last-known', age, why: f.reach };
	if (age >= f.staleAfterMs) return { kind: 'port-silent', age };
	return { kind: 'live', age };
}

/** Whether the card's figures (power, voltage, current) are known: live or last received. */
export const figuresKnown = (s: PortStatus): boolean =>
	s.kind === 'live' || s.kind === 'last-known';

/** The status line a port's card and page show; times on the household's clock. */
export function statusText(s: PortStatus, timeZone: string): string {
	switch (s.kind) {
		case 'live':
			return m.status_online();
		case 'strip-offline':
			return m.status_strip_offline({ time: formatTime(s.since, timeZone) });
		case 'port-silent':
			return m.status_port_silent();
		case 'last-known':
			return s.why === 'offline' ? m.status_last_known_offline() : m.status_last_known_no_server();
		case 'no-data':
			return m.status_no_data();
	}
}
