import type { LoadModel } from './loads';

/**
 * What a simulated plug puts on the wire, family by family, in the shapes the real
 * firmware documents (the same shapes the golden files hold), and which of the messages
 * it receives are its commands.
 */
export interface Channel {
	load: LoadModel;
	relay: boolean;
	/** W, held since the last report. */
	power: number;
	voltage: number;
	/** The plug's own counter, Wh (it resets); the truth is kept apart. */
	counterWh: number;
	todayWh: number;
}

export interface PlugView {
	now: number;
	localTime: string;
	totalStartTime: string;
	channels: (Channel & { pf: number })[];
}

export type Command =
	| { kind: 'switch'; port: number; on?: boolean; replyTo?: string; id?: unknown }
	| { kind: 'poll'; what: string; replyTo?: string; id?: unknown };

export type Out = [topic: string, payload: string][];

export interface PlugWire {
	commandFilters: string[];
	announce(v: PlugView): Out;
	report(v: PlugView): Out;
	switched(v: PlugView, port: number, was: boolean, replyTo?: string, id?: unknown): Out;
	poll(v: PlugView, what: string, replyTo?: string, id?: unknown): Out;
	parse(topic: string, payload: string): Command | null;
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
export const current = (c: PlugView['channels'][number]) =>
	c.pf === 0 ? 0 : round(c.power / (c.voltage * c.pf), 3);
export const onOffToggle = (text: string): boolean | undefined | null => {
	const t = text.trim().toUpperCase();
	return t === 'ON' || t === '1'
		? true
		: t === 'OFF' || t === '0'
			? false
			: t === 'TOGGLE' || t === '2'
				? undefined
				: null;
};

/** A plug key inside a regular expression. */
export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
