import type { Clock } from '../clock';
import type { Config } from '../config';
import type { DashboardService } from '../dashboard/dashboard.service';
import type { DevicesRepository } from '../devices/devices.repository';
import type { DevicesService } from '../devices/devices.service';
import type { IngestService } from '../ingest/ingest.service';
import type { Metrics } from '../metrics/metrics';
import type { PlugFamily, PlugFamilyId } from '../plugs/plug-family';
import type { RelayControl } from '../relays/relay-control';
import type { SettingsService } from '../settings/settings.service';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker';
import { createHaBridge } from './ha-bridge';
import { AVAILABILITY_TOPIC, COMMAND_FILTER, configFilter } from './ha-discovery';
import { createMessageLimits } from './message-limits';
import { openLink, type MqttLink } from './mqtt-link';
import { createPlugBridge } from './plug-bridge';
import { createPlugCommands } from './plug-commands';
import type { OwnedPlug } from './plugs.repository';
import type { PlugsService } from './plugs.service';
import { createRateLimitedLog } from './rate-limited-log';
import { topicMatches } from './topic-match';

export interface MqttBridgeDeps {
	config: Config;
	families: PlugFamily[];
	plugs: PlugsService;
	ingest: IngestService;
	devices: DevicesService;
	devicesRepo: DevicesRepository;
	relays: RelayControl;
	settings: SettingsService;
	dashboard: DashboardService;
	metrics: Metrics;
	clock: Clock;
	/** The embedded broker's password (set, stored or generated). */
	embeddedPassword: () => string;
	log: (line: string) => void;
}

/**
 * The MQTT side of the app: a connection to the broker (or an embedded one), plugs as
 * devices, and Home Assistant. It runs on one process of a cluster (the leader): `sync`
 * starts or stops it as leadership comes and goes. While the broker is away the app
 * serves as usual; the link retries with backoff.
 */
export function createMqttBridge(d: MqttBridgeDeps) {
	const { config } = d;
	const on = Boolean(config.MQTT_URL || config.MQTT_EMBEDDED);
	const log = createRateLimitedLog(d.log, () => d.clock.now());
	const byId = new Map<PlugFamilyId, PlugFamily>(d.families.map((f) => [f.id, f]));
	let link: MqttLink | null = null;
	let broker: EmbeddedBroker | null = null;
	let running = false;
	let ticks = 0;
	let transition: Promise<void> = Promise.resolve();

	const publish = (topic: string, payload: string, retain = false) =>
		link?.publish(topic, payload, retain) ?? false;

	const commands = createPlugCommands({
		relays: d.relays.relays,
		families: byId,
		publish,
		now: () => d.clock.now()
	});
	const plugBridge = createPlugBridge({
		families: d.families,
		plugs: d.plugs,
		ingest: d.ingest,
		deviceById: (id) => d.devicesRepo.findById(id),
		relayState: (deviceId, port, on) => commands.relayState(deviceId, port, on),
		topicLimits: createMessageLimits(config.MQTT_PLUG_MESSAGES_PER_MINUTE),
		plugLimits: createMessageLimits(config.MQTT_PLUG_MESSAGES_PER_MINUTE),
		maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES,
		clock: d.clock,
		count: (outcome) => d.metrics.mqttMessages.inc({ outcome }),
		log
	});
	const ha = createHaBridge({
		prefix: config.MQTT_HA_PREFIX,
		publish,
		enabled: (userId) => d.settings.forUser(userId).home_assistant,
		enabledForDevice: (deviceId) => d.settings.forDevice(deviceId).home_assistant,
		currency: (userId) => d.settings.forUser(userId).currency,
		devices: () => d.devices.listAll(),
		device: (id) => d.devicesRepo.findById(id),
		ports: (id) => d.devices.ports(id),
		figures: (id) => d.dashboard.devicePorts(id),
		isPlug: (id) => d.plugs.ofDevice(id) !== null,
		switchPort(deviceId, port, on, userId) {
			const out = d.relays.userSwitch(deviceId, port, on, userId, false);
			return out.ok ? null : out.reason;
		},
		log
	});
	const haCommands = createMessageLimits(config.MQTT_PLUG_MESSAGES_PER_MINUTE);
	const configs = configFilter(config.MQTT_HA_PREFIX);

	function attend(plug: OwnedPlug): void {
		commands.watch(plug);
		commands.resend(plug);
		const family = byId.get(plug.family);
		for (const m of family?.pollCommands(plug.key) ?? []) publish(m.topic, m.payload);
	}

	function connected(): void {
		try {
			ha.connected();
			for (const plug of d.plugs.refresh()) attend(plug);
		} catch (err) {
			log('after connecting', err instanceof Error ? err.message : String(err));
		}
	}

	function message(topic: string, payload: Buffer): void {
		if (topicMatches(configs, topic)) {
			try {
				if (ha.config(topic, payload)) return;
			} catch (err) {
				log('home assistant config', err instanceof Error ? err.message : String(err));
				return;
			}
		}
		if (topicMatches(COMMAND_FILTER, topic)) {
			if (payload.length > 16 || !haCommands.allow('ha', d.clock.now())) {
				return d.metrics.mqttMessages.inc({ outcome: 'rate_limited' });
			}
			try {
				ha.command(topic, payload.toString());
			} catch (err) {
				log('home assistant command failed', err instanceof Error ? err.message : String(err));
			}
			return d.metrics.mqttMessages.inc({ outcome: 'command' });
		}
		plugBridge.handle(topic, payload);
	}

	async function start(): Promise<void> {
		let url = config.MQTT_URL;
		let username: string | undefined;
		let password: string | undefined;
		if (config.MQTT_EMBEDDED) {
			try {
				broker = await startEmbeddedBroker({
					host: config.MQTT_EMBEDDED_HOST,
					port: config.MQTT_EMBEDDED_PORT,
					username: config.MQTT_EMBEDDED_USERNAME,
					password: d.embeddedPassword(),
					maxPayloadBytes: config.MQTT_MAX_PAYLOAD_BYTES
				});
				d.log(`MQTT broker listening on ${config.MQTT_EMBEDDED_HOST}:${broker.port}`);
			} catch (err) {
				log('embedded broker', err instanceof Error ? err.message : String(err));
			}
			if (!url && broker) {
				url = broker.url;
				username = config.MQTT_EMBEDDED_USERNAME;
				password = d.embeddedPassword();
			}
		}
		if (!url) return;
		link = openLink({
			url,
			username,
			password,
			will: { topic: AVAILABILITY_TOPIC, payload: 'offline' },
			filters: () => [...plugBridge.filters(), COMMAND_FILTER, configs],
			onMessage: message,
			onConnect: connected,
			log
		});
	}

	async function stop(): Promise<void> {
		commands.close();
		ha.close();
		const l = link;
		link = null;
		if (l) {
			// Home Assistant shows the ports unavailable rather than frozen at their last state.
			l.publish(AVAILABILITY_TOPIC, 'offline', true);
			await l.close();
		}
		const b = broker;
		broker = null;
		await b?.close();
	}

	return {
		on,
		connected: (): boolean => link?.connected() ?? false,
		/** Starts or stops the bridge to follow this process's leadership. */
		sync(isLeader: boolean): Promise<void> {
			if (!on || isLeader === running) return transition;
			running = isLeader;
			transition = transition.then(isLeader ? start : stop).catch((err: unknown) => {
				log('bridge start or stop', err instanceof Error ? err.message : String(err));
			});
			return transition;
		},
		plugAdded(plug: OwnedPlug): void {
			if (link) attend(plug);
		},
		deviceAdded: (deviceId: number) => link && ha.deviceAdded(deviceId),
		/** A device went; `plug` when it was one (the family drops what it kept about it). */
		deviceRemoved(deviceId: number, plug: OwnedPlug | null): void {
			if (plug) byId.get(plug.family)?.forget(plug.key);
			commands.unwatch(deviceId);
			plugBridge.forgetDevice(deviceId);
			if (link) ha.deviceRemoved(deviceId);
		},
		accountChanged: (userId: number) => link && ha.accountChanged(userId),
		/**
		 * Every `MQTT_POLL_S` (30 s): each owned plug is asked for its state (plugs report on
		 * their own schedule, Tasmota every 5 minutes by default, while a port counts as offline
		 * after a minute); every second time the Home Assistant states, every 120th its configs.
		 */
		tick(): void {
			if (!link?.connected()) return;
			ticks++;
			for (const plug of d.plugs.refresh()) {
				for (const m of byId.get(plug.family)?.pollCommands(plug.key) ?? []) {
					publish(m.topic, m.payload);
				}
			}
			if (ticks % 2 === 0) ha.refresh(ticks % 120 === 0);
			// Subscribing again makes the broker send its retained configs: stale ones are cleared.
			if (ticks % 120 === 0) link.subscribe([configs]);
		},
		/** Plugs added on other processes of a cluster start being heard. */
		refresh(): void {
			if (!link) return;
			for (const plug of d.plugs.refresh()) commands.watch(plug);
		},
		stored: (deviceId: number) => link && ha.stored(deviceId),
		async close(): Promise<void> {
			running = false;
			await transition;
			await stop();
		}
	};
}

export type MqttBridge = ReturnType<typeof createMqttBridge>;
