/**
 * What an alert says beyond its condition: what it costs, what to do, where to look, and
 * the name of its acknowledge button. One module for the alerts page, the phone's offline
 * copy and the push notification, so all three say the same thing, in the reader's
 * language (English when none is given).
 */
import * as m from '../../i18n/paraglide/messages.js';
import { intlLocale, type Locale } from '../settings/locale';
import { alertMessageText } from './alert-message';
import type { AlertView } from './alert.types';
import type { Rule } from './rules';

type Priced = Pick<AlertView, 'rule' | 'costPaisa' | 'costPer' | 'currency'>;
type Message = (inputs: Record<string, never>, options: { locale: Locale }) => string;
type MoneyMessage = (inputs: { money: string }, options: { locale: Locale }) => string;

const TITLES: Readonly<Record<Rule, Message>> = {
	HIGH_USAGE: m.rule_high_usage,
	HIGH_COST: m.rule_high_cost,
	PEAK_USAGE: m.rule_peak_usage,
	DEVICE_OFFLINE: m.rule_device_offline,
	STANDBY_WASTE: m.rule_standby_waste,
	OVERLOAD: m.rule_overload,
	SLAB_AHEAD: m.rule_slab_ahead,
	BALANCE_LOW: m.rule_balance_low
};

/** The rule's name: "High usage", "বেশি ব্যবহার". */
export const ruleTitle = (rule: Rule, locale: Locale = 'en'): string =>
	TITLES[rule]({}, { locale });

const COST_SENTENCES: Partial<Record<Rule, MoneyMessage>> = {
	HIGH_USAGE: m.cost_high_usage,
	PEAK_USAGE: m.cost_peak_usage,
	HIGH_COST: m.cost_high_cost,
	STANDBY_WASTE: m.cost_standby
};

const FALLBACK: Record<'day' | 'month', MoneyMessage> = { day: m.cost_day, month: m.cost_month };

const ADVICE: Readonly<Record<Rule, Message>> = {
	HIGH_USAGE: m.advice_high_usage,
	PEAK_USAGE: m.advice_peak_usage,
	HIGH_COST: m.advice_high_cost,
	STANDBY_WASTE: m.advice_standby_waste,
	DEVICE_OFFLINE: m.advice_device_offline,
	OVERLOAD: m.advice_overload,
	SLAB_AHEAD: m.advice_slab_ahead,
	BALANCE_LOW: m.advice_balance_low
};

/** What to do about each rule, in a line. */
export const ruleAdvice = (rule: Rule, locale: Locale = 'en'): string =>
	ADVICE[rule]({}, { locale });

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
export function costSentence(a: Priced, locale: Locale = 'en'): string | null {
	if (a.costPaisa === null || a.costPer === null || a.currency === null) return null;
	const sentence = COST_SENTENCES[a.rule] ?? FALLBACK[a.costPer];
	return sentence({ money: formatPaisa(a.costPaisa, a.currency, intlLocale(locale)) }, { locale });
}

/** The condition: from its figures in `locale`, or the stored sentence of an older alert. */
export const alertMessage = (
	a: Pick<AlertView, 'message' | 'messageArgs'>,
	locale: Locale = 'en'
) => (a.messageArgs ? alertMessageText(a.messageArgs, locale) : a.message);

/** "Electric iron" for a port, the strip's name for a whole-strip alert. */
export const subjectOf = (
	a: Pick<AlertView, 'deviceName' | 'port' | 'portLabel'>,
	locale: Locale = 'en'
): string =>
	a.port === null
		? a.deviceName
		: (a.portLabel ??
			m.alert_port_of(
				{ device: a.deviceName, port: a.port.toLocaleString(intlLocale(locale)) },
				{ locale }
			));

/** The acknowledge button's accessible name: "Acknowledge high usage on Electric iron". */
export const acknowledgeLabel = (
	a: Pick<AlertView, 'rule' | 'deviceName' | 'port' | 'portLabel'>,
	locale: Locale = 'en'
): string => {
	const title = ruleTitle(a.rule, locale);
	return m.alert_ack_label(
		{ rule: locale === 'en' ? title.toLowerCase() : title, subject: subjectOf(a, locale) },
		{ locale }
	);
};

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
export function alertSummary(a: AlertView, locale: Locale = 'en'): string {
	return [alertMessage(a, locale), costSentence(a, locale), ruleAdvice(a.rule, locale)]
		.filter((x): x is string => !!x)
		.join(' ');
}
