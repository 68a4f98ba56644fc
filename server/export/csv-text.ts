/**
 * A text cell a spreadsheet will not run: a leading = + - @ (a formula), tab or CR (which
 * some spreadsheets skip before looking for one) gets a leading apostrophe, OWASP's advice
 * for CSV injection. Only text the user typed goes through here, never our numbers.
 */
export function csvText(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
