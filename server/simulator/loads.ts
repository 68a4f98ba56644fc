/**
 * Household loads as functions of time, so a simulated strip draws what real ones do:
 * a fridge compressor that cycles, a TV in the evening, a charger that tapers, an iron
 * whose thermostat clicks, and the standby drains that cost money all year.
 */
export interface LoadModel {
	name: string;
	/** Power factor typical of the load. */
	pf: number;
	/** Active power in W at instant `ts`, given the local hour (0–23.99) and a random draw. */
	power(ts: number, localHour: number, rand: () => number): number;
}

const MIN = 60_000;

function cycle(ts: number, periodMs: number, onMs: number, offsetMs = 0): boolean {
	return (ts + offsetMs) % periodMs < onMs;
}

export const fridge: LoadModel = {
	name: 'Fridge',
	pf: 0.82,
	power(ts, _h, rand) {
		// 12 minutes of compressor in every 35, with the start-up surge in the first seconds.
		const phase = ts % (35 * MIN);
		if (phase < 3000) return 480 + rand() * 60;
		if (phase < 12 * MIN) return 105 + rand() * 12;
		return 1.5 + rand() * 0.6;
	}
};

export const television: LoadModel = {
	name: 'TV',
	pf: 0.95,
	power(_ts, hour, rand) {
		const watching = (hour >= 18 && hour < 23) || (hour >= 7 && hour < 8);
		return watching ? 85 + rand() * 20 : 0.8 + rand() * 0.3;
	}
};

export const phoneCharger: LoadModel = {
	name: 'Phone charger',
	pf: 0.6,
	power(ts, _h, rand) {
		// Charges for 90 minutes in every 8 hours, tapering; a trickle when the phone is full.
		const phase = ts % (8 * 60 * MIN);
		if (phase < 90 * MIN) return 18 * (1 - phase / (120 * MIN)) + rand();
		return 0.3 + rand() * 0.1;
	}
};

export const electricIron: LoadModel = {
	name: 'Electric iron',
	pf: 1,
	power(ts, _h, rand) {
		// A 20-minute session every 3 hours, thermostat 45 s on, 25 s off.
		if (!cycle(ts, 180 * MIN, 20 * MIN, 7 * MIN)) return 0;
		return cycle(ts, 70_000, 45_000) ? 1150 + rand() * 80 : 0;
	}
};

export const setTopBox: LoadModel = {
	name: 'Set-top box',
	pf: 0.7,
	power: (_ts, _h, rand) => 7.5 + rand() * 0.8
};

export const defaultStrip: LoadModel[] = [fridge, television, phoneCharger, electricIron];
export const allLoads: LoadModel[] = [fridge, television, phoneCharger, electricIron, setTopBox];
