import type { Decoded, PlugFamily, PlugFamilyId } from '../../server/plugs/plug-family';

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
 */
export const FAKE_FAMILY = 'fake' as PlugFamilyId;

export function fakePlugFamily(): PlugFamily {
	return {
		id: FAKE_FAMILY,
		filters: ['fakeplug/+/reading', 'fakeplug/+/relay/+', 'fakeplug/+/lwt'],
		decode(topic, payload, at): Decoded[] {
			const [root, key, kind, n] = topic.split('/');
			if (root !== 'fakeplug' || !key) return [];
			const text = Buffer.from(payload).toString('utf8');
			if (kind === 'lwt') return [{ kind: 'ignored' }];
			if (kind === 'relay') {
				if (text !== 'ON' && text !== 'OFF')
					return [{ kind: 'malformed', key, reason: 'not ON/OFF' }];
				return [{ kind: 'state', key, port: Number(n), on: text === 'ON' }];
			}
			if (kind !== 'reading') return [];
			let body: { ts?: number; name?: string; ports?: { port: number }[] };
			try {
				body = JSON.parse(text) as typeof body;
			} catch {
				return [{ kind: 'malformed', key, reason: 'not JSON' }];
			}
			if (!Array.isArray(body?.ports)) return [{ kind: 'malformed', key, reason: 'no ports' }];
			return [
				{
					kind: 'sighting',
					sighting: {
						family: FAKE_FAMILY,
						key,
						ports: body.ports.map((p) => p.port),
						...(body.name ? { name: body.name } : {})
					}
				},
				{ kind: 'frame', key, frame: { ts: body.ts ?? at, ports: body.ports as never } }
			];
		},
		switchCommand: (key, port, on) => ({
			topic: `fakeplug/${key}/set/${port}`,
			payload: on ? 'ON' : 'OFF'
		}),
		pollCommands: (key) => [{ topic: `fakeplug/${key}/poll`, payload: '' }],
		forget: () => {}
	};
}
