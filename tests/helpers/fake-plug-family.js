// @ts-check
/**
 * A plug family of the tests' own, so the MQTT bridge is tested apart from the real
 * decoders. Its plugs publish device-API frames as JSON:
 *
 *   fakeplug/<key>/reading   {"ports":[{port, voltage, current, power, energy_wh?, relay?}], "ts"?, "name"?}
 *   fakeplug/<key>/relay/<n> ON | OFF   (a relay's state)
 *   fakeplug/<key>/lwt       anything   (nothing to keep)
 *
 * and are switched on `fakeplug/<key>/set/<n>` (ON | OFF), asked for their state on
 * `fakeplug/<key>/poll`.
 *
 * Plain JavaScript, loaded with `node --import` before the app: a TypeScript loader in the
 * server process would also load into PostgreSQL's connection thread, which the main
 * thread waits on synchronously. It installs itself the way server/mqtt/families.ts reads
 * installed families.
 */

/** @typedef {import('../../server/plugs/plug-family').PlugFamily} PlugFamily */
/** @typedef {import('../../server/plugs/plug-family').Decoded} Decoded */

export const FAKE_FAMILY = /** @type {import('../../server/plugs/plug-family').PlugFamilyId} */ (
	'fake'
);

/** @returns {PlugFamily} */
export function fakePlugFamily() {
	return {
		id: FAKE_FAMILY,
		filters: ['fakeplug/+/reading', 'fakeplug/+/relay/+', 'fakeplug/+/lwt'],
		decode(topic, payload, at) {
			const [root, key, kind, n] = topic.split('/');
			if (root !== 'fakeplug' || !key) return [];
			const text = Buffer.from(payload).toString('utf8');
			if (kind === 'lwt') return [{ kind: 'ignored' }];
			if (kind === 'relay') {
				if (text !== 'ON' && text !== 'OFF') {
					return [{ kind: 'malformed', key, reason: 'not ON/OFF' }];
				}
				return [{ kind: 'state', key, port: Number(n), on: text === 'ON' }];
			}
			if (kind !== 'reading') return [];
			/** @type {{ ts?: number, name?: string, ports?: { port: number }[] }} */
			let body;
			try {
				body = JSON.parse(text);
			} catch {
				return [{ kind: 'malformed', key, reason: 'not JSON' }];
			}
			if (!Array.isArray(body?.ports)) return [{ kind: 'malformed', key, reason: 'no ports' }];
			/** @type {Decoded[]} */
			const out = [
				{
					kind: 'sighting',
					sighting: {
						family: FAKE_FAMILY,
						key,
						ports: body.ports.map((p) => p.port),
						...(body.name ? { name: body.name } : {})
					}
				},
				{
					kind: 'frame',
					key,
					frame: /** @type {never} */ ({ ts: body.ts ?? at, ports: body.ports })
				}
			];
			return out;
		},
		switchCommand: (key, port, on) => ({
			topic: `fakeplug/${key}/set/${port}`,
			payload: on ? 'ON' : 'OFF'
		}),
		pollCommands: (key) => [{ topic: `fakeplug/${key}/poll`, payload: '' }],
		forget: () => {}
	};
}

const INSTALLED = Symbol.for('smart-multiplug.plug-families');
const g = /** @type {{ [INSTALLED]?: (() => PlugFamily)[] }} */ (
	/** @type {unknown} */ (globalThis)
);
(g[INSTALLED] ??= []).push(fakePlugFamily);
