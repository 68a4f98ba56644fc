import type { IncomingMessage, ServerResponse } from 'node:http';
import { METER_OUTCOMES, type MeterResult, type WireCommand } from '../relays/relay.types';
import { sendError, sendJson } from './send';

/** The long-poll never holds a request longer than this (proxies cut idle ones at 60 s). */
export const MAX_WAIT_S = 30;

export interface CommandChannel {
	forAnswer(deviceId: number): WireCommand[];
	longPoll(deviceId: number, waitMs: number, signal?: AbortSignal): Promise<WireCommand[]>;
	expectsReports(deviceId: number): boolean;
	report(
		deviceId: number,
		acks: readonly string[],
		refused: readonly string[],
		results: readonly MeterResult[]
	): void;
}

/** `GET /api/v1/commands?wait=25`, for an authenticated device. */
export async function answerLongPoll(
	req: IncomingMessage,
	res: ServerResponse,
	deviceId: number,
	channel: CommandChannel,
	now: () => number
): Promise<void> {
	req.resume();
	const raw = new URL(req.url ?? '/', 'http://device').searchParams.get('wait');
	const wait = raw === null ? 25 : Number(raw);
	if (!Number.isFinite(wait) || wait < 0 || wait > MAX_WAIT_S) {
		return sendError(res, 400, {
			code: 'invalid_wait',
			message: `wait must be a number of seconds from 0 to ${MAX_WAIT_S}`,
			field: 'wait'
		});
	}
	// A device that gave up (reboot, upload due) must not leave a waiter behind.
	const gone = new AbortController();
	res.once('close', () => gone.abort());
	const commands = await channel.longPoll(deviceId, wait * 1000, gone.signal);
	if (gone.signal.aborted) return;
	sendJson(res, 200, { commands, server_time: now() });
}

export interface CommandReports {
	acks: string[];
	refused: string[];
	results: MeterResult[];
}

/**
 * The `acks`, `refused` and `results` a strip puts on its frames (the firmware on the
 * first frame of a batch). Read from the raw body: the frames were validated by ingest,
 * and a bad id is simply one we do not know.
 */
export function commandReports(body: unknown): CommandReports | null {
	const frames = Array.isArray(body) ? body : [body];
	let out: CommandReports | null = null;
	for (const f of frames) {
		if (f === null || typeof f !== 'object') continue;
		const { acks, refused, results } = f as {
			acks?: unknown;
			refused?: unknown;
			results?: unknown;
		};
		if (acks === undefined && refused === undefined && results === undefined) continue;
		out ??= { acks: [], refused: [], results: [] };
		if (Array.isArray(acks)) out.acks.push(...acks.filter(isId));
		if (Array.isArray(refused)) out.refused.push(...refused.filter(isId));
		if (Array.isArray(results)) out.results.push(...results.flatMap(meterResult));
	}
	return out;
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;

/** One `results` entry, or none when it is not one we can use. */
function meterResult(v: unknown): MeterResult[] {
	if (v === null || typeof v !== 'object') return [];
	const { id, outcome, read_back } = v as { id?: unknown; outcome?: unknown; read_back?: unknown };
	if (!isId(id) || !(METER_OUTCOMES as readonly unknown[]).includes(outcome)) return [];
	const readBack =
		typeof read_back === 'number' &&
		Number.isInteger(read_back) &&
		read_back >= 1 &&
		read_back <= 255
			? read_back
			: null;
	return [{ id, outcome: outcome as MeterResult['outcome'], readBack }];
}
