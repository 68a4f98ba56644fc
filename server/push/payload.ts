import type { AlertView } from '../alerts/alert.types';
import * as m from '../../i18n/paraglide/messages.js';
import { alertSummary, ruleTitle } from '../alerts/alert-text';
import type { Severity } from '../alerts/rules';
import { intlLocale, type Locale } from '../settings/locale';

/** What the service worker receives and shows. */
export interface PushPayload {
	title: string;
	body: string;
	/** null for a test notification */
	alertId: number | null;
	url: string;
	/** one notification per rule and port on the phone: a newer one replaces it */
	tag: string;
	severity: Severity;
	/** the recipient's language: the service worker names its buttons in it */
	lang?: Locale;
}

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

/**
 * How long the push service keeps a notice for a phone that is off, and how hard it may
 * wake it (RFC 8030 Urgency): an overload or a bill running away matters tomorrow morning
 * too; a standby hint is stale in a few hours and should not wake a sleeping phone.
 */
export const DELIVERY: Readonly<Record<Severity, { ttlS: number; urgency: Urgency }>> = {
	CRITICAL: { ttlS: 24 * 3600, urgency: 'high' },
	WARNING: { ttlS: 6 * 3600, urgency: 'normal' },
	INFO: { ttlS: 2 * 3600, urgency: 'low' }
};

const SEVERITY_WORD: Record<Severity, typeof m.sev_info> = {
	CRITICAL: m.sev_critical,
	WARNING: m.sev_warning,
	INFO: m.sev_info
};

/** The push service's Topic header: URL-safe base64 characters, at most 32. */
export const topicOf = (a: Pick<AlertView, 'rule' | 'deviceId' | 'port'>): string =>
	`${a.rule}-${a.deviceId}-${a.port ?? 0}`.slice(0, 32);

/** An alert's notification in the recipient's language. */
export function alertPayload(a: AlertView, lang: Locale = 'en'): PushPayload {
	const o = { locale: lang };
	const port = a.portLabel ?? m.port_name({ n: (a.port ?? 0).toLocaleString(intlLocale(lang)) }, o);
	const where = a.port === null ? a.deviceName : `${a.deviceName} · ${port}`;
	return {
		title: m.push_title(
			{ severity: SEVERITY_WORD[a.severity]({}, o), rule: ruleTitle(a.rule, lang) },
			o
		),
		body: `${where} — ${alertSummary(a, lang)}`,
		alertId: a.id,
		url: `/alerts/${a.id}`,
		tag: topicOf(a),
		severity: a.severity,
		lang
	};
}

export const testPayload = (lang: Locale = 'en'): PushPayload => ({
	title: m.push_test_title({}, { locale: lang }),
	body: m.push_test_body({}, { locale: lang }),
	alertId: null,
	url: '/settings/notifications',
	tag: 'test',
	severity: 'INFO',
	lang
});

/**
 * A push message carries at most 4,096 bytes after encryption (RFC 8291 leaves ~3,993 of
 * plaintext); names and labels are the user's, so the body is cut to keep well below.
 */
export const MAX_PAYLOAD_BYTES = 3000;

export function encodePayload(p: PushPayload): string {
	let out = JSON.stringify(p);
	let body = p.body;
	while (Buffer.byteLength(out) > MAX_PAYLOAD_BYTES && body.length > 0) {
		body = body.slice(0, Math.floor(body.length * 0.8));
		out = JSON.stringify({ ...p, body: `${body}…`, title: p.title.slice(0, 200) });
	}
	return out;
}
