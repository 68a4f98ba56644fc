/**
 * What an alert says beyond its condition: what it costs, what to do, where to look, and
 * the name of its acknowledge button. One module for the alerts page, the phone's offline
 * copy and the push notification, so all three say the same thing. English for now; every
 * sentence is whole here, for the translation pass.
 */
import type { AlertView } from './alert.types';
import { RULE_TITLES, type Rule } from './rules';

type Priced = Pick<AlertView, 'rule' | 'costPaisa' | 'costPer' | 'currency'>;

const COST_SENTENCES: Partial<Record<Rule, string>> = {
	HIGH_USAGE: 'About {money} a day at the last 24 hours’ use.',
	PEAK_USAGE: 'About {money} a day more than the same use at the cheapest rate.',
	HIGH_COST: '{money} today so far.',
	STANDBY_WASTE: 'About {money} a month if it stays on standby.'
};

const FALLBACK = { day: 'About {money} a day.', month: 'About {money} a month.' } as const;

/** What to do about each rule, in a line. */
export const RULE_ADVICE: Readonly<Record<Rule, string>> = Object.freeze({
	HIGH_USAGE: 'Check what is plugged in. If this is its normal draw, raise the port’s threshold.',
	PEAK_USAGE: 'Run it before the dear hours start or after they end: the same use costs less.',
	HIGH_COST: 'See in the port’s history what ran long; switch it off when it is not needed.',
	STANDBY_WASTE: 'Switch the port off at night, or give it a schedule.',
	DEVICE_OFFLINE: 'Check that the strip has power and Wi-Fi.',
	OVERLOAD: 'Unplug something from this port before you switch it on again.',
	SLAB_AHEAD: 'Cut or move some use to stay under the slab.',
	BALANCE_LOW: 'Recharge the meter before it runs out.'
});

/** The amount exactly as stored (paisa), in the household's currency. */
export function formatPaisa(paisa: number, currency: string, locale = 'en-BD'): string {
	return new Intl.NumberFormat(locale, {
		style: 'currency',
		currency,
		currencyDisplay: 'narrowSymbol',
		minimumFractionDigits: 2,
		maximumFractionDigits: 2
	}).format(paisa / 100);
}

/** "About ৳12.40 a day at the last 24 hours' use." — null for an alert with no price. */
export function costSentence(a: Priced, locale = 'en-BD'): string | null {
	if (a.costPaisa === null || a.costPer === null || a.currency === null) return null;
	const template = COST_SENTENCES[a.rule] ?? FALLBACK[a.costPer];
	return template.replace('{money}', formatPaisa(a.costPaisa, a.currency, locale));
}

/** "Electric iron" for a port, the strip's name for a whole-strip alert. */
export const subjectOf = (a: Pick<AlertView, 'deviceName' | 'port' | 'portLabel'>): string =>
	a.port === null ? a.deviceName : (a.portLabel ?? `${a.deviceName} port ${a.port}`);

/** The acknowledge button's accessible name: "Acknowledge high usage on Electric iron". */
export const acknowledgeLabel = (
	a: Pick<AlertView, 'rule' | 'deviceName' | 'port' | 'portLabel'>
): string => `Acknowledge ${RULE_TITLES[a.rule].toLowerCase()} on ${subjectOf(a)}`;

/**
 * Where to look and what to change: the port's page (the strip's for a whole-strip alert),
 * the history view to open, and the port's row on the thresholds page.
 */
export function alertLinks(a: Pick<AlertView, 'rule' | 'deviceId' | 'port'>): {
	place: string;
	historyQuery: string;
	thresholdAnchor: string | null;
} {
	const hasThreshold = ['HIGH_USAGE', 'PEAK_USAGE', 'HIGH_COST'].includes(a.rule);
	return {
		place: a.port === null ? `/devices/${a.deviceId}` : `/devices/${a.deviceId}/ports/${a.port}`,
		historyQuery: a.rule === 'HIGH_COST' ? '?view=month' : '?view=day',
		thresholdAnchor: hasThreshold && a.port !== null ? `#port-${a.deviceId}-${a.port}` : null
	};
}

/** The notification's body: the condition, the cost, what to do. */
export function alertSummary(a: AlertView, locale = 'en-BD'): string {
	return [a.message, costSentence(a, locale), RULE_ADVICE[a.rule]]
		.filter((x): x is string => !!x)
		.join(' ');
}
