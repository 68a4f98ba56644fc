/**
 * What an alert costs, fixed when it opens: integer paisa, each figure rounded once to the
 * paisa, half up (the household's rounding rules), per day or per 30-day month.
 */
import { toPaisa } from '../billing/paisa';

export type CostPer = 'day' | 'month';

export interface AlertCost {
	paisa: number;
	per: CostPer;
	currency: string;
}

export const DAYS_PER_MONTH = 30;

/** An amount a day, in the currency's units (unrounded), as the alert keeps it. */
export const perDay = (amount: number, currency: string): AlertCost => ({
	paisa: toPaisa(amount),
	per: 'day',
	currency
});

/** An amount a day, scaled to a 30-day month and rounded once. */
export const perMonth = (amountPerDay: number, currency: string): AlertCost => ({
	paisa: toPaisa(amountPerDay * DAYS_PER_MONTH),
	per: 'month',
	currency
});
