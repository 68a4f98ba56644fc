import { z } from 'zod';
import { DEFAULT_PUSH_SERVICE_HOSTS, HOST_PATTERN } from './push/push-hosts';

/**
 * Settings come from the environment once, at start, against a schema; a bad value stops
 * the process with a message that names the variable. Afterwards the object is frozen.
 */
const flag = z
	.enum(['0', '1', 'false', 'true', 'off', 'on', 'no', 'yes'])
	.transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const schema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	DB_PATH: z.string().min(1).default('./data/multiplug.db'),
	/** postgres://user:pass@host/db: PostgreSQL instead of the SQLite file (several processes may share it). */
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// URL')
		.optional(),
	ORIGIN: z.string().url().optional(),
	TZ: z
		.string()
		.default('Asia/Dhaka')
		.refine(isTimeZone, 'must be an IANA time zone such as Asia/Dhaka'),
	DEMO: flag.default(true),
	/** `full` makes every acknowledged write survive a power cut, at a cost in throughput. */
	DB_SYNC: z.enum(['normal', 'full']).default('normal'),
	LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
	/** `closed` stops new sign-ups whatever the owner's setting. */
	SIGNUP: z.enum(['open', 'closed']).optional(),
	/** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
	METRICS_TOKEN: z.string().min(16).optional(),
	/** Requests a minute one device token may make (0: no limit, for benchmarks). */
	DEVICE_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
	/** Sign-ups an hour from one address. */
	SIGNUP_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
	/** Pages and /api calls a minute per signed-in session (heavy ones count more). */
	SESSION_RATE_LIMIT: z.coerce.number().int().min(10).default(600),
	/** Page and /api requests of one account in progress at once; the rest wait their turn. */
	ACCOUNT_REQUESTS_AT_ONCE: z.coerce.number().int().min(1).default(2),
	/** Requests of one account that may wait for a turn; beyond them 429 and Retry-After. */
	ACCOUNT_REQUESTS_QUEUED: z.coerce.number().int().min(0).default(16),
	/** Browsers with notifications on, per account. */
	PUSH_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).default(20),
	/** Strips one account may have. */
	MAX_DEVICES_PER_ACCOUNT: z.coerce.number().int().min(1).default(50),
	/** Command long-polls one account's strips may hold open at once. */
	LONG_POLLS_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
	/** Live (Socket.IO) connections one session may hold: its tabs and windows. */
	SOCKETS_PER_SESSION: z.coerce.number().int().min(1).default(10),
	/** How long a relay command may be delivered; after that it is never applied. */
	RELAY_COMMAND_TTL_S: z.coerce.number().int().min(2).max(300).default(30),
	/** Large households' bills and month prices worked out in a thread of their own (SQLite). */
	READS_WORKER: flag.default(true),
	/** Seconds a download may wait on a client that reads nothing before it is ended. */
	EXPORT_STALL_S: z.coerce.number().int().min(1).max(3600).default(60),
	/**
	 * The MQTT broker that plugs (Tasmota, Shelly, ESPHome) and Home Assistant use:
	 * mqtt://user:password@host:1883 or mqtts://…; unset (and no embedded broker): no bridge.
	 */
	MQTT_URL: z
		.string()
		.regex(/^mqtts?:\/\/\S+$/i, 'must be an mqtt:// or mqtts:// URL')
		.optional(),
	/** Runs a broker inside the app for a household without one (the bridge then uses it). */
	MQTT_EMBEDDED: flag.default(false),
	/** The embedded broker's TCP port (1883 is MQTT's usual one). */
	MQTT_EMBEDDED_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
	/** Where the embedded broker listens: loopback only unless set (plugs on the LAN need 0.0.0.0). */
	MQTT_EMBEDDED_HOST: z.string().min(1).default('127.0.0.1'),
	/** The embedded broker's one account; without a password one is generated and shown to the owner. */
	MQTT_EMBEDDED_USERNAME: z.string().min(1).max(64).default('multiplug'),
	MQTT_EMBEDDED_PASSWORD: z.string().min(12, 'must have at least 12 characters').optional(),
	/** Messages a minute one plug (or one topic) may send; beyond it they are dropped and counted. */
	MQTT_PLUG_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
	/** Plugs one account may add. */
	MQTT_PLUGS_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
	/** Larger MQTT payloads are dropped unread (plugs send well under 2 kB). */
	MQTT_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).max(1_048_576).default(8192),
	/**
	 * How often each added plug is asked for its state (plugs report on their own schedule,
	 * Tasmota every 5 minutes); Home Assistant's states go again every second poll, its configs
	 * every 120th.
	 */
	MQTT_POLL_S: z.coerce.number().int().min(1).max(3600).default(30),
	/** Home Assistant's discovery prefix (its MQTT integration's setting). */
	MQTT_HA_PREFIX: z
		.string()
		.regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
		.default('homeassistant'),
	/** Web Push identity; both keys or neither (then generated at first start and stored). */
	VAPID_PUBLIC_KEY: z
		.string()
		.regex(/^[A-Za-z0-9_-]{87}$/, 'must be the URL-safe base64 of a P-256 public key')
		.optional(),
	VAPID_PRIVATE_KEY: z
		.string()
		.regex(/^[A-Za-z0-9_-]{43}$/, 'must be the URL-safe base64 of a P-256 private key')
		.optional(),
	/** How push services reach the operator: mailto: or https: */
	VAPID_SUBJECT: z
		.string()
		.regex(/^(mailto:|https:\/\/)\S+$/, 'must start with mailto: or https://')
		.optional(),
	/** Hosts push notifications may be sent to, comma-separated; `*.` takes a whole domain. */
	PUSH_SERVICE_HOSTS: z
		.string()
		.transform((v) =>
			v
				.split(',')
				.map((h) => h.trim())
				.filter(Boolean)
		)
		.refine(
			(hosts) => hosts.length > 0 && hosts.every((h) => HOST_PATTERN.test(h)),
			'must be host names or *.domain patterns, separated by commas'
		)
		.default([...DEFAULT_PUSH_SERVICE_HOSTS])
});

export type Config = Readonly<z.infer<typeof schema>>;

export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const picked = Object.fromEntries(
		Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]])
	);
	const parsed = schema.safeParse(picked);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
	}
	if (!parsed.data.VAPID_PUBLIC_KEY !== !parsed.data.VAPID_PRIVATE_KEY) {
		throw new ConfigError(
			'Invalid environment:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both or neither'
		);
	}
	return Object.freeze(parsed.data);
}
