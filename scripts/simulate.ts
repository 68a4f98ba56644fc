// npm run simulate -- --url http://localhost:3000 --token mpd_… [--devices N] [--interval S]
//   [--outage MIN] [--duration S] [--seed N] [--ports 1-5] [--long-poll 0|1]
// Emulates ESP8266 strips: realistic loads, cumulative Wh counters, a buffered replay
// after a simulated network outage, and relay commands (long-poll, acks, relay state)
// as the firmware handles them. With several --token flags each device gets its own.
import { parseArgs } from 'node:util';
import { SimulatedDevice } from '../server/simulator/device';
import { allLoads } from '../server/simulator/loads';

const { values } = parseArgs({
	options: {
		url: { type: 'string', default: 'http://localhost:3000' },
		token: { type: 'string', multiple: true },
		devices: { type: 'string', default: '1' },
		interval: { type: 'string', default: '10' },
		outage: { type: 'string', default: '0' },
		'outage-after': { type: 'string', default: '60' },
		duration: { type: 'string', default: '0' },
		seed: { type: 'string', default: '1' },
		ports: { type: 'string', default: '4' },
		tz: { type: 'string', default: process.env.TZ || 'Asia/Dhaka' },
		'long-poll': { type: 'string', default: '1' },
		quiet: { type: 'boolean', default: false }
	}
});

const tokens = values.token ?? [];
if (tokens.length === 0) {
	console.error(
		'Usage: npm run simulate -- --url http://localhost:3000 --token <device token> [--devices N] [--interval S] [--outage MIN]'
	);
	process.exit(2);
}
const count = Math.max(Number(values.devices), tokens.length);
const intervalMs = Math.max(0.1, Number(values.interval)) * 1000;
const outageMs = Number(values.outage) * 60_000;
const outageAfterMs = Number(values['outage-after']) * 1000;
const durationMs = Number(values.duration) * 1000;
const log = (line: string) => {
	if (!values.quiet) console.log(`[${new Date().toISOString()}] ${line}`);
};

const strips = Array.from({ length: count }, (_, i) => {
	const device = new SimulatedDevice({
		url: values.url,
		token: tokens[i % tokens.length]!,
		seed: Number(values.seed) + i,
		timeZone: values.tz,
		loads: allLoads.slice(0, Math.min(allLoads.length, Math.max(1, Number(values.ports)))),
		longPoll: values['long-poll'] !== '0',
		log: (l) => log(`strip ${i + 1}: ${l}`)
	});
	return { device, uploader: device.uploader };
});

const started = Date.now();
log(`simulating ${count} strip(s) every ${intervalMs / 1000} s against ${values.url}`);
if (outageMs) log(`network outage of ${outageMs / 60_000} min after ${outageAfterMs / 1000} s`);

let busy = false;
const timer = setInterval(async () => {
	if (busy) return;
	busy = true;
	const now = Date.now();
	const elapsed = now - started;
	const offline = outageMs > 0 && elapsed >= outageAfterMs && elapsed < outageAfterMs + outageMs;
	for (const { device, uploader } of strips) {
		if (uploader.online && offline) log(`outage: buffering (${uploader.buffer.size} frames)`);
		if (!uploader.online && !offline) log(`network back: replaying ${uploader.buffer.size} frames`);
		device.online = !offline;
		await device.tick();
	}
	busy = false;
	if (durationMs && elapsed >= durationMs) stop();
}, intervalMs);

function stop(): void {
	clearInterval(timer);
	for (const { device } of strips) device.stop();
	for (const [i, { uploader }] of strips.entries()) {
		log(`strip ${i + 1}: ${JSON.stringify(uploader.stats)}, ${uploader.buffer.size} frames unsent`);
	}
	process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
