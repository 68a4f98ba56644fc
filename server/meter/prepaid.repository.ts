import type { Db } from '../db/connection';

export interface MoneyRow {
	id: number;
	at: number;
	amount_paisa: number;
	token?: string | null;
}

/** SQL for a prepaid household's recharges and balance readings; rules live in the service. */
export function createPrepaidRepository(db: Db) {
	const recharges = db.prepare(
		`SELECT id, at, amount_paisa, token FROM prepaid_recharges WHERE user_id = ? ORDER BY at, id`
	);
	const balances = db.prepare(
		`SELECT id, at, amount_paisa FROM prepaid_balances WHERE user_id = ? ORDER BY at, id`
	);
	const addRecharge = db
		.prepare(
			`INSERT INTO prepaid_recharges (user_id, at, amount_paisa, token, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`
		)
		.pluck();
	const addBalance = db
		.prepare(
			`INSERT INTO prepaid_balances (user_id, at, amount_paisa, created_at) VALUES (?, ?, ?, ?) RETURNING id`
		)
		.pluck();
	return {
		recharges: (userId: number) => recharges.all(userId) as MoneyRow[],
		balances: (userId: number) => balances.all(userId) as MoneyRow[],
		addRecharge: (userId: number, at: number, paisa: number, token: string | null, now: number) =>
			Number(addRecharge.get(userId, at, paisa, token, now)),
		addBalance: (userId: number, at: number, paisa: number, now: number) =>
			Number(addBalance.get(userId, at, paisa, now))
	};
}

export type PrepaidRepository = ReturnType<typeof createPrepaidRepository>;
