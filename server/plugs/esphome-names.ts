/**
 * Which measurement an ESPHome sensor holds and which port it belongs to, from its object
 * id (the snake_case of its name) and, when discovery gave one, its device class.
 *
 * - Apparent and reactive power are not power. Period counters (daily, today, yesterday,
 *   week, month, year) are not the energy counter: they restart on their own schedule and a
 *   node often has both; only a lifetime counter (`energy`, `total_energy`) is used.
 * - The port is a digit 1–8 tied to a channel word (`socket_2_power`, `relay2`, `ch_3`) or
 *   at the end (`power_2`); otherwise port 1. A version in a name (`plug_v2_power`) is no port.
 * - A switch is a relay unless its name says it is something else on the board (a restart
 *   switch, a status LED, a child lock).
 */
export type Kind = 'power' | 'voltage' | 'current' | 'pf' | 'energy';

export function classify(objectId: string, deviceClass?: string): Kind | null {
	const id = objectId.toLowerCase();
	if (/apparent|reactive/.test(id) || deviceClass === 'apparent_power') return null;
	if (deviceClass === 'power_factor' || /factor|(^|_)pf(_|$)/.test(id)) return 'pf';
	if (/daily|today|yesterday|week|month|year/.test(id)) return null;
	if (deviceClass === 'energy' || /energy|kwh/.test(id)) return 'energy';
	if (deviceClass === 'power' || /power|watt/.test(id)) return 'power';
	if (deviceClass === 'voltage' || /voltage|volt/.test(id)) return 'voltage';
	if (deviceClass === 'current' || /current|amp/.test(id)) return 'current';
	return null;
}

const CHANNEL_WORD =
	/(?:^|_)(?:channel|ch|socket|outlet|plug|relay|port|switch|output|out)_?([1-8])(?:_|$)/;

export function channelOf(objectId: string): number {
	const id = objectId.toLowerCase();
	const m = CHANNEL_WORD.exec(id) ?? /_([1-8])$/.exec(id);
	return m ? Number(m[1]) : 1;
}

export function isRelay(objectId: string): boolean {
	return !/(^|_)(restart|reboot|shutdown|safe_mode|factory_reset|led|light|buzzer|lock)(_|$)/.test(
		objectId.toLowerCase()
	);
}

/**
 * A value in the device API's unit, from the unit discovery gave. Power, voltage and
 * current read in W, V and A when no unit is known (ESPHome's defaults for them); energy
 * without a known unit is undefined.
 */
export function scale(kind: Kind, value: number, unit?: string): number | undefined {
	const u = unit?.trim();
	switch (kind) {
		case 'energy':
			return u === 'Wh' ? value : u === 'kWh' ? value * 1000 : undefined;
		case 'power':
			return u === 'kW' ? value * 1000 : u === undefined || u === 'W' ? value : undefined;
		case 'current':
			return u === 'mA' ? value / 1000 : u === undefined || u === 'A' ? value : undefined;
		case 'voltage':
			return u === undefined || u === 'V' ? value : undefined;
		case 'pf':
			return u === '%' ? value / 100 : value;
	}
}
