/**
 * One colour per port, by the port's place in the household's list (strips in the order the
 * dashboard shows them, then port number): the dashboard's share bar and the history charts
 * take it from here, so a port has the same colour on both. Dark enough for white text and
 * light enough to read on a dark background.
 */
const PORT_COLOURS = [
	'#0f766e',
	'#2563eb',
	'#d97706',
	'#be185d',
	'#7c3aed',
	'#059669',
	'#dc2626',
	'#4b5563'
] as const;

export const portColour = (index: number): string => PORT_COLOURS[index % PORT_COLOURS.length]!;
