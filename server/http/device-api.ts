import { DatabaseUnavailableError } from '../db/postgres/pg-database';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import { bearerToken } from '../devices/device-token';
import type { DevicesService } from '../devices/devices.service';
import type { IngestService } from '../ingest/ingest.service';
import type { Metrics } from '../metrics/metrics';
import { answerLongPoll, commandReports, type CommandChannel } from './command-poll';
import type { LongPollSlots } from './long-poll-slots';
import type { RateLimits } from './rate-limits';
import { readJson } from './read-json';
import { sendError, sendJson } from './send';

export interface DeviceApiDeps {
	devices: DevicesService;
	ingest: IngestService;
	metrics: Metrics;
	clock: Clock;
	limits: RateLimits;
	/** Relay commands: carried in every answer, long-polled, acked on frames. */
	commands: CommandChannel;
	longPolls: LongPollSlots;
}

/** When a strip that found every long-poll place taken may try again. */
const LONG_POLL_RETRY_S = 5;

/** 1,000 frames of 8 ports at ~130 bytes each, with room for whitespace. */
export const BATCH_LIMIT_BYTES = 2 * 1024 * 1024;
export const SEED_LIMIT_BYTES = 16 * 1024;

/**
 * The device endpoints, served in front of SvelteKit: they are the hot path (thousands of
 * requests a second) and need none of the page machinery. Parse, authenticate, call the
 * ingest service, shape the answer.
 */
/** The database is down (PostgreSQL restarting): 503, and when to come back. */
function unavailable(res: ServerResponse, err: unknown): boolean {
	if (!(err instanceof DatabaseUnavailableError)) return false;
	if (!res.headersSent) {
		sendError(
			res,
			503,
			{ code: 'unavailable', message: 'the database is unavailable; retry' },
			{},
			{ 'retry-after': String(err.retryAfterS) }
		);
	}
	return true;
}

export function createDeviceApi(deps: DeviceApiDeps) {
	const { devices, ingest, metrics, clock, limits, commands, longPolls } = deps;

	async function readings(req: IncomingMessage, res: ServerResponse, seed: boolean): Promise<void> {
		const stop = metrics.latency.startTimer({ endpoint: seed ? 'data' : 'readings' });
		try {
			await answer(req, res, seed);
		} finally {
			stop();
		}
	}

	/** The device of the bearer token, or null after answering 401 or 429. */
	async function authorize(req: IncomingMessage, res: ServerResponse) {
		const device = devices.authenticate(bearerToken(req.headers.authorization));
		if (!device) {
			req.resume();
			metrics.rejected.inc({ reason: 'unauthorized' });
			sendError(
				res,
				401,
				{
					code: 'unauthorized',
					message: 'send a valid device token as Authorization: Bearer <token>'
				},
				{},
				{ 'www-authenticate': 'Bearer realm="device"' }
			);
			return null;
		}
		const allowed = await limits.device(device.id);
		if (!allowed.ok) {
			req.resume();
			metrics.rejected.inc({ reason: 'rate_limited' });
			sendError(
				res,
				429,
				{
					code: 'rate_limited',
					message: `too many requests for this device; retry in ${allowed.retryAfterS} s`
				},
				{},
				{ 'retry-after': String(allowed.retryAfterS) }
			);
			return null;
		}
		return device;
	}

	async function poll(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const device = await authorize(req, res);
		if (!device) return;
		const release = longPolls.acquire(device.id, device.ownerId);
		if (!release) {
			req.resume();
			metrics.rejected.inc({ reason: 'too_many_long_polls' });
			return sendError(
				res,
				429,
				{
					code: 'too_many_long_polls',
					message: `this strip or its account already waits in every long-poll it may; retry in ${LONG_POLL_RETRY_S} s`
				},
				{},
				{ 'retry-after': String(LONG_POLL_RETRY_S) }
			);
		}
		try {
			await answerLongPoll(req, res, device.id, commands, () => clock.now());
		} finally {
			release();
		}
	}

	async function answer(req: IncomingMessage, res: ServerResponse, seed: boolean): Promise<void> {
		const device = await authorize(req, res);
		if (!device) return;
		const body = await readJson(req, seed ? SEED_LIMIT_BYTES : BATCH_LIMIT_BYTES);
		if (!body.ok) {
			metrics.rejected.inc({ reason: body.code });
			return sendError(
				res,
				body.status,
				{ code: body.code, message: body.message, field: 'body' },
				{},
				body.status === 413 ? { connection: 'close' } : {}
			);
		}
		const serverTime = clock.now();
		if (seed) {
			const out = await ingest.ingestSeed(device, body.value);
			if (!out.ok) {
				metrics.rejected.inc({ reason: out.code });
				return sendError(res, out.status, {
					code: out.code,
					message: `${out.field} ${out.message}`,
					field: out.field
				});
			}
			count(out.value.duplicate ? 0 : 1, out.value.duplicate ? 1 : 0, 0);
			report(device.id, body.value);
			// commands and server_time first: a strip reads its answer into a small buffer.
			sendJson(res, 200, {
				commands: commands.forAnswer(device.id),
				server_time: serverTime,
				success: true,
				accepted: out.value.duplicate ? 0 : 1,
				duplicate: out.value.duplicate
			});
		} else {
			const out = await ingest.ingestFrames(device, body.value);
			if (!out.ok) {
				metrics.rejected.inc({ reason: out.code });
				return sendError(
					res,
					out.status,
					{ code: out.code, message: `${out.field} ${out.message}`, field: out.field },
					out.extra ?? {}
				);
			}
			const { accepted, duplicates, rejected } = out.value;
			count(accepted, duplicates.length, rejected.length);
			report(device.id, body.value);
			sendJson(res, 200, {
				commands: commands.forAnswer(device.id),
				server_time: serverTime,
				accepted,
				duplicates,
				rejected
			});
		}
	}

	/** Acks first, so an acked command is not handed out again in the same answer. */
	function report(deviceId: number, body: unknown): void {
		const reports = commands.expectsReports(deviceId) ? commandReports(body) : null;
		if (reports) commands.report(deviceId, reports.acks, reports.refused, reports.results);
	}

	function count(accepted: number, duplicate: number, rejectedFrames: number): void {
		if (accepted) metrics.accepted.inc(accepted);
		if (duplicate) metrics.duplicates.inc(duplicate);
		if (rejectedFrames) metrics.rejected.inc({ reason: 'invalid_frame' }, rejectedFrames);
	}

	function longPoll(req: IncomingMessage, res: ServerResponse): true {
		if (req.method !== 'GET') {
			req.resume();
			sendError(res, 405, { code: 'method_not_allowed', message: 'use GET' }, {}, { allow: 'GET' });
			return true;
		}
		poll(req, res).catch((err: unknown) => {
			if (unavailable(res, err)) return;
			console.error('device API failure', err);
			if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'retry' });
		});
		return true;
	}

	return {
		/** Handles the request and returns true when the path is a device endpoint. */
		handle(req: IncomingMessage, res: ServerResponse): boolean {
			const path = (req.url ?? '').split('?')[0];
			if (path === '/api/v1/commands') return longPoll(req, res);
			const seed = path === '/api/data';
			if (!seed && path !== '/api/v1/readings') return false;
			if (req.method !== 'POST') {
				req.resume();
				sendError(
					res,
					405,
					{ code: 'method_not_allowed', message: 'use POST' },
					{},
					{ allow: 'POST' }
				);
				return true;
			}
			readings(req, res, seed).catch((err: unknown) => {
				// Input never gets here (it is validated); a fault of ours does, and says so.
				if (unavailable(res, err)) return;
				console.error('device API failure', err);
				if (!res.headersSent)
					sendError(res, 500, {
						code: 'internal',
						message: 'the server failed to store the readings; retry'
					});
			});
			return true;
		}
	};
}
