/**
 * A Dhaka family's sockets as functions of time, so the demo draws what a real home does:
 * the fridge cycling all day (harder in the afternoon heat), the iron once or twice in the
 * morning before school and office, the TV at breakfast and in the evening, the phones
 * charging at night and topped up after lunch, and the standby drains in between.
 */
export interface LoadModel {
	name: string;
	/** Power factor typical of the load while it runs. */
	pf: number;
	/** Power factor of its standby trickle (a small switch-mode supply: low, never zero). */
	standbyPf: number;
	/** Active power in W at instant `ts`, given the local hour (0–23.99) and a random draw. */
	power(ts: number, localHour: number, rand: () => number): number;
}

/** Below this a load is on standby: its power factor is the standby one. */
export const STANDBY_BELOW_W = 5;

const MIN = 60_000;
const DAY = 86_400_000;

/** A fixed pseudo-random number in [0, 1) for each day, so a day's routine is the same all day. */
function dayDraw(ts: number, salt: number): number {
	let x = (Math.floor(ts / DAY) * 2654435761 + salt * 40503) >>> 0;
	x ^= x >>> 15;
	x = Math.imul(x, 2246822519) >>> 0;
	x ^= x >>> 13;
	return (x >>> 0) / 2 ** 32;
}

const between = (hour: number, from: number, to: number) => hour >= from && hour < to;

export const fridge: LoadModel = {
	name: 'Fridge',
	pf: 0.82,
	standbyPf: 0.45,
	power(ts, hour, rand) {
		// The compressor runs 12 minutes in every 35, 16 in the afternoon heat, with the
		// start-up surge in its first seconds; the controller's few watts in between.
		const phase = ts % (35 * MIN);
		const on = between(hour, 12, 17) ? 16 * MIN : 12 * MIN;
		if (phase < 3000) return 480 + rand() * 60;
		if (phase < on) return 105 + rand() * 12;
		return 1.5 + rand() * 0.6;
	}
};

export const television: LoadModel = {
	name: 'TV',
	pf: 0.95,
	standbyPf: 0.4,
	power(ts, hour, rand) {
		// The news at breakfast on most days, a film after lunch on some, every evening.
		const watching =
			between(hour, 19, 23) ||
			(between(hour, 7, 7.75) && dayDraw(ts, 1) < 0.7) ||
			(between(hour, 14, 15.5) && dayDraw(ts, 2) < 0.3);
		return watching ? 85 + rand() * 20 : 0.8 + rand() * 0.3;
	}
};

export const phoneCharger: LoadModel = {
	name: 'Phone charger',
	pf: 0.6,
	standbyPf: 0.25,
	power(_ts, hour, rand) {
		// Phones go on charge at bedtime, tapering as they fill, and get a top-up after lunch.
		// `elapsed` hours into a charge of `hours`: 18 W falling to about 4 W at the end.
		const taper = (elapsed: number, hours: number) => 18 * (1 - elapsed / (hours * 1.3));
		if (between(hour, 23, 24)) return taper(hour - 23, 1.5) + rand();
		if (between(hour, 0, 0.5)) return taper(hour + 1, 1.5) + rand();
		if (between(hour, 15, 15 + 40 / 60)) return taper(hour - 15, 40 / 60) * 0.6 + rand();
		return 0.3 + rand() * 0.1;
	}
};

export const electricIron: LoadModel = {
	name: 'Electric iron',
	pf: 1,
	standbyPf: 1,
	power(ts, hour, rand) {
		// School and office clothes at 07:20 for a quarter of an hour, and on some days a
		// second batch at 09:30; never at night. The thermostat: 45 s on, 25 s off.
		const ironing =
			between(hour, 7 + 20 / 60, 7 + 35 / 60) ||
			(between(hour, 9.5, 9.5 + 20 / 60) && dayDraw(ts, 3) < 0.4);
		if (!ironing) return 0;
		return ts % 70_000 < 45_000 ? 1150 + rand() * 80 : 0;
	}
};

export const tableFan: LoadModel = {
	name: 'Table fan',
	pf: 0.9,
	standbyPf: 0.9,
	power(_ts, hour, rand) {
		// Through the evening and the night; off while the family is out in the day.
		return between(hour, 18, 24) || between(hour, 0, 6.5) ? 55 + rand() * 6 : 0;
	}
};

export const setTopBox: LoadModel = {
	name: 'Set-top box',
	pf: 0.7,
	standbyPf: 0.5,
	power: (_ts, _h, rand) => 7.5 + rand() * 0.8
};

export const defaultStrip: LoadModel[] = [fridge, television, phoneCharger, electricIron];
export const allLoads: LoadModel[] = [
	fridge,
	television,
	phoneCharger,
	electricIron,
	tableFan,
	setTopBox
];
