import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port';
import { startServer, type RunningServer } from '../helpers/server';
import { banglaAudit, chooseBangla, seeDeskLampOnBroker } from './bangla-audit';
import { addDevice, expect, readOne, signUpInBrowser, test } from './fixtures';

// The pages bangla.e2e.ts does not reach: a port with a schedule and a timer, alerts of
// every rule, and the server's own broker with a plug on it (shown to its owner).
const PRELOAD = fileURLToPath(new URL('../helpers/fake-plug-family.js', import.meta.url));
const BROKER_PASSWORD = 'a long broker password';
let server: RunningServer;
let brokerPort: number;
let plug: MqttClient;

test.beforeAll(async () => {
	brokerPort = await freePort();
	server = await startServer(
		{
			MQTT_EMBEDDED: '1',
			MQTT_EMBEDDED_PORT: String(brokerPort),
			MQTT_EMBEDDED_PASSWORD: BROKER_PASSWORD
		},
		undefined,
		['--import', PRELOAD]
	);
	plug = await mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, {
		username: 'multiplug',
		password: BROKER_PASSWORD
	});
});

test.afterAll(async () => {
	await plug?.endAsync(true);
	await server?.stop();
	server?.cleanup();
});

/**
 * One open alert of each rule, as the engine stores them (figures in message_args, the
 * English sentence beside them), straight into the server's file: the time rules would
 * otherwise need hours of readings, a slab tariff and a prepaid meter to come due.
 */
function openEveryAlert(dbPath: string, deviceId: number): number[] {
	const now = Date.now();
	const day = new Date(now + 6 * 3_600_000).toISOString().slice(0, 10);
	const alerts: [string, string, number | null, object, [number, 'day' | 'month'] | null][] = [
		['HIGH_USAGE', 'WARNING', 1, { k: 'high_usage', limitW: 3300, powerW: 3600 }, [1240, 'day']],
		['PEAK_USAGE', 'INFO', 2, { k: 'peak_usage', powerW: 900, peakW: 500 }, [560, 'day']],
		['HIGH_COST', 'CRITICAL', 3, { k: 'high_cost', cost: 123.45, limit: 100 }, [12345, 'day']],
		['STANDBY_WASTE', 'INFO', 4, { k: 'standby', w: 4.2, hours: 6 }, [2030, 'month']],
		[
			'OVERLOAD',
			'CRITICAL',
			1,
			{ k: 'overload', strip: false, port: 1, powerW: 3800, limitW: 3450, holdS: 5 },
			null
		],
		['DEVICE_OFFLINE', 'WARNING', null, { k: 'offline', min: 17 }, null],
		[
			'SLAB_AHEAD',
			'WARNING',
			null,
			{
				k: 'slab',
				forecast: {
					boundKwh: 200,
					soFarKwh: 150,
					crossesAt: now + 5 * 86_400_000,
					rateNow: 5.26,
					rateAfter: 7.2,
					headroomKwh: 50,
					maxPerDay: 3.5,
					lifeline: false
				},
				currency: 'BDT',
				timezone: 'Asia/Dhaka'
			},
			null
		],
		[
			'BALANCE_LOW',
			'WARNING',
			null,
			{
				k: 'balance',
				balance: 120,
				runOut: {
					at: now + 3 * 86_400_000,
					early: now + 2 * 86_400_000,
					late: now + 4 * 86_400_000
				},
				currency: 'BDT',
				timezone: 'Asia/Dhaka'
			},
			null
		]
	];
	const db = new Database(dbPath);
	db.pragma('busy_timeout = 5000');
	try {
		const insert = db.prepare(
			`INSERT INTO alerts (device_id, port, rule, severity, message, message_args, opened_at, updated_at,
			   tag, last_at, trigger_count, cost_paisa, cost_per, currency)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		);
		return alerts.map(
			([rule, severity, port, args, cost], i) =>
				(
					insert.get(
						deviceId,
						port,
						rule,
						severity,
						`${rule} (English as stored)`,
						JSON.stringify(args),
						now - (i + 1) * 60_000,
						now,
						rule === 'SLAB_AHEAD' || rule === 'BALANCE_LOW' ? `${day}:${rule}` : null,
						now - (i + 1) * 30_000,
						i % 2 ? 3 : 1,
						cost?.[0] ?? null,
						cost?.[1] ?? null,
						cost ? 'BDT' : null
					) as { id: number }
				).id
		);
	} finally {
		db.close();
	}
}

test.use({ viewport: { width: 360, height: 740 } });

test('in Bangla on a 360 px phone: a port with a schedule and a timer, alerts of every rule, the broker’s sign-in and a plug’s page', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	// The first account is the server's owner: it is shown the embedded broker's sign-in.
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'বসার ঘরের স্ট্রিপ', 4, email);
	await chooseBangla(page, server, email);

	const found: string[] = [];
	const audit = banglaAudit(page, testInfo, found);
	const visit = async (path: string, state = '') => {
		await page.goto(`${server.url}${path}`);
		await audit(path, state);
	};

	// A schedule on port 3 and a countdown on port 4, set through their forms.
	await page.goto(`${server.url}/devices/${device.id}/ports/3`);
	const schedule = page.locator('form[action="?/schedule"]');
	await schedule.locator('select[name="action"]').selectOption('off');
	await schedule.locator('input[name="time"]').fill('23:00');
	await schedule.getByRole('button').click();
	await expect(page.locator('form[action="?/unschedule"]')).toHaveCount(1);
	await page.goto(`${server.url}/devices/${device.id}/ports/4`);
	const timer = page.locator('form[action="?/timer"]');
	await timer.locator('input[name="minutes"]').fill('120');
	await timer.getByRole('button').click();
	await expect(page.locator('form[action="?/untimer"]')).toHaveCount(1);
	for (const path of [`/devices/${device.id}/ports/3`, `/devices/${device.id}/ports/4`, '/'])
		await visit(path, 'planned-');
	await expect(page.getByTestId('relay-next')).toHaveCount(2);

	const alertIds = openEveryAlert(server.dbPath, device.id);
	await page.goto(`${server.url}/alerts`);
	await expect(page.getByTestId('alert')).toHaveCount(alertIds.length);
	await audit('/alerts', 'every-rule-');
	for (const id of alertIds) await visit(`/alerts/${id}`);

	// A plug on the server's own broker: found, added with a tap, then its own page.
	await seeDeskLampOnBroker(page, server.url, plug);
	await audit('/devices', 'embedded-broker-');
	await page.getByRole('button', { name: /ডেস্ক ল্যাম্প/ }).click();
	await expect(page.getByRole('link', { name: 'ডেস্ক ল্যাম্প' })).toBeVisible();
	const plugId = readOne<number>(
		server.dbPath,
		`SELECT id FROM devices WHERE name = ?`,
		'ডেস্ক ল্যাম্প'
	);
	await visit(`/devices/${plugId}`, 'plug-');
	await visit('/devices', 'plug-added-');
	await visit(`/devices/${plugId}/ports/1`, 'plug-');

	expect(found).toEqual([]);
});
