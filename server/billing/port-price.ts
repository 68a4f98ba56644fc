/**
 * A port's price this month, as every screen charges it: the bill's own rounded share at
 * the moment it was priced, and energy since then at the port's average price. The server
 * renders and the phone's offline view use this one function, so a port's month costs the
 * same on the dashboard as on the bill page, and today's cost follows the same price.
 */
export interface PortPrice {
	/** the port's average price per kWh this month (its unrounded share / its kWh) */
	rate: number;
	/** the kWh and the rounded share the bill had when it was priced */
	kwh: number;
	cost: number;
}

/** The month's cost at `kwhNow`, anchored on the bill's figure. */
export const monthCost = (p: PortPrice, kwhNow: number): number =>
	p.cost + (kwhNow - p.kwh) * p.rate;

/** A price with no bill behind it yet (a port with no energy this month). */
export const bareRate = (rate: number): PortPrice => ({ rate, kwh: 0, cost: 0 });
