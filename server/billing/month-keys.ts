/** 'YYYY-MM' keys of billing months: parsing and shifting without a time zone. */
const KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(key: string): boolean {
	return KEY.test(key);
}

export function parseMonthKey(key: string): { year: number; month: number } {
	const m = KEY.exec(key);
	if (!m) throw new RangeError(`not a month key: ${key}`);
	return { year: Number(m[1]), month: Number(m[2]) };
}

export function shiftMonth(key: string, months: number): string {
	const { year, month } = parseMonthKey(key);
	const index = year * 12 + month - 1 + months;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
