import mqtt, { type IClientOptions } from 'mqtt';

export interface LinkOptions {
	url: string;
	username?: string;
	password?: string;
	/** Published (retained) by the broker when the app goes away without a word. */
	will?: { topic: string; payload: string };
	/** Topic filters, subscribed again after every reconnect. */
	filters: () => string[];
	onMessage: (topic: string, payload: Buffer) => void;
	/** Connected (again): republish what the broker should hold. */
	onConnect: () => void;
	log: (kind: string, detail: string) => void;
}

/** Reconnects start at a second and double up to a minute while the broker stays away. */
const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 60_000;

/**
 * The bridge's one connection to the broker. It never throws at the app: a broker that is
 * down, refuses us or goes away is retried with backoff while the app serves on. Nothing
 * is queued while disconnected (a switch then expires, as rule 5 wants).
 */
export function openLink(o: LinkOptions) {
	const options: IClientOptions = {
		clientId: `multiplug-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
		reconnectPeriod: FIRST_RETRY_MS,
		connectTimeout: 10_000,
		keepalive: 30,
		clean: true,
		resubscribe: false,
		queueQoSZero: false,
		...(o.will ? { will: { ...o.will, qos: 0 as const, retain: true } } : {}),
		...(o.username !== undefined ? { username: o.username } : {}),
		...(o.password !== undefined ? { password: o.password } : {})
	};
	const client = mqtt.connect(o.url, options);
	client.on('connect', () => {
		client.options.reconnectPeriod = FIRST_RETRY_MS;
		client.subscribe(o.filters(), { qos: 0 }, (err) => {
			if (err) o.log('subscribe failed', err.message);
		});
		o.onConnect();
	});
	client.on('close', () => {
		client.options.reconnectPeriod = Math.min(
			(client.options.reconnectPeriod ?? FIRST_RETRY_MS) * 2,
			LAST_RETRY_MS
		);
	});
	client.on('error', (err) => o.log('broker connection', err.message));
	client.on('message', (topic, payload) => o.onMessage(topic, payload));

	return {
		connected: (): boolean => client.connected,
		/** False when it could not be sent now (not connected). */
		publish(topic: string, payload: string, retain = false): boolean {
			if (!client.connected) return false;
			client.publish(topic, payload, { qos: 0, retain }, (err) => {
				if (err) o.log('publish failed', err.message);
			});
			return true;
		},
		subscribe(filters: string[]): void {
			if (client.connected) client.subscribe(filters, { qos: 0 });
		},
		async close(): Promise<void> {
			await client.endAsync(true).catch(() => {});
		}
	};
}

export type MqttLink = ReturnType<typeof openLink>;
