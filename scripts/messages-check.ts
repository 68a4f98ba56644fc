/**
 * What makes the two languages' message files disagree: a key in one only, an empty text,
 * or a text that shows other parameters than the other language's. A count that only picks
 * a plural variant (English "1 day" / "{n} days") is not shown, so a language that does not
 * inflect for number (Bangla) need not declare it.
 */
export type Message = string | { declarations?: string[]; match: Record<string, string> }[];
export type Messages = Record<string, Message>;

const PLACEHOLDER = /\{(\w+)\}/g;

function texts(message: Message): string[] {
	return typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
}

function shownParameters(message: Message): string {
	const names = new Set(
		texts(message).flatMap((t) => [...t.matchAll(PLACEHOLDER)].map((x) => x[1]))
	);
	return [...names]
		.sort()
		.map((n) => `{${n}}`)
		.join(' ');
}

export function messageIssues(en: Messages, bn: Messages): string[] {
	const issues: string[] = [];
	const files = { en, bn };
	const keys = new Set([...Object.keys(en), ...Object.keys(bn)].filter((k) => k !== '$schema'));
	for (const key of keys) {
		let complete = true;
		for (const [locale, file] of Object.entries(files)) {
			const message = file[key];
			if (message === undefined) {
				issues.push(`${key}: missing in ${locale}`);
				complete = false;
			} else if (texts(message).some((t) => t.trim() === '')) {
				issues.push(`${key}: empty in ${locale}`);
				complete = false;
			}
		}
		if (!complete) continue;
		const [a, b] = [shownParameters(en[key]!), shownParameters(bn[key]!)];
		if (a !== b) issues.push(`${key}: parameters en ${a}, bn ${b}`);
	}
	return issues;
}
