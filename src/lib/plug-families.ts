/** How each family of metering plug is called on its maker's own pages (brand names, not translated). */
const NAMES: Record<string, string> = {
	tasmota: 'Tasmota',
	'shelly-gen2': 'Shelly Plus/Pro',
	'shelly-gen1': 'Shelly (Gen1)',
	esphome: 'ESPHome'
};

export const plugFamilyName = (family: string): string => NAMES[family] ?? family;
