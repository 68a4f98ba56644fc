// npm run device:add -- --name "Desk strip" [--ports 4] [--user EMAIL] [--json]
// Creates a device and prints its token once (only a hash is stored). With --user the
// device belongs to that account; on a server with no accounts yet it belongs to the
// first account that signs up.
import { parseArgs } from 'node:util';
import { createUsersRepository } from '../server/auth/users.repository';
import { normaliseEmail } from '../server/auth/auth.service';
import { systemClock } from '../server/clock';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/connection';
import { createDevicesRepository } from '../server/devices/devices.repository';
import { createDevicesService } from '../server/devices/devices.service';

const { values } = parseArgs({
	options: {
		name: { type: 'string' },
		ports: { type: 'string', default: '4' },
		user: { type: 'string' },
		json: { type: 'boolean', default: false }
	}
});

if (!values.name) {
	console.error(
		'Usage: npm run device:add -- --name "Desk strip" [--ports 4] [--user EMAIL] [--json]'
	);
	process.exit(2);
}

const config = loadConfig();
const db = openDatabase(config.DATABASE_URL ?? config.DB_PATH, { sync: config.DB_SYNC });
try {
	const users = createUsersRepository(db);
	let ownerId: number | null = null;
	if (values.user) {
		const user = users.findByEmail(normaliseEmail(values.user));
		if (!user) throw new Error(`No account with the e-mail ${values.user}.`);
		ownerId = user.id;
	} else if (users.count() > 0) {
		throw new Error('This server has accounts: say whose device it is with --user EMAIL.');
	}
	const devices = createDevicesService(createDevicesRepository(db), systemClock, {
		maxPerOwner: config.MAX_DEVICES_PER_ACCOUNT
	});
	const { device, token } = devices.add(ownerId, values.name, Number(values.ports));
	if (values.json) {
		console.log(JSON.stringify({ id: device.id, token }));
	} else {
		console.log(`Added device ${device.id} "${device.name}" with ${device.portCount} ports.`);
		console.log(`Token (shown once, keep it safe): ${token}`);
		console.log(
			`Try: curl -X POST http://localhost:${config.PORT}/api/data -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" -d '{"port":1,"voltage":230,"current":0.5,"power":110}'`
		);
	}
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 2;
} finally {
	db.close();
}
