/**
 * A sentence with names in it (a plug's id, a broker's port) whose names must be marked
 * translate="no" on the page: the message is said with a placeholder for each name, then
 * split here, so translators keep the whole sentence and its word order.
 */

/** The placeholder for the `i`th name: a private-use character no message contains. */
export const nameSlot = (i: number): string => String.fromCharCode(0xe000 + i);

export interface Part {
	text: string;
	/** true for a name, to be shown as it is */
	name: boolean;
}

/** `text` split into words and the `names` its placeholders stand for, in order. */
export function namedParts(text: string, names: readonly string[]): Part[] {
	return text
		.split(/([\uE000-\uE0FF])/)
		.filter(Boolean)
		.map((t) => {
			const i = t.charCodeAt(0) - 0xe000;
			return t.length === 1 && i >= 0 && i < names.length
				? { text: names[i]!, name: true }
				: { text: t, name: false };
		});
}
