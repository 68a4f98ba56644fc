/**
 * Whether a browser request's Origin is this app. Requests without an Origin header are
 * not from a browser page (a CLI, a device, a test client); they still need credentials.
 */
export function originAllowed(
	origin: string | undefined,
	host: string | undefined,
	configured?: string
): boolean {
	if (!origin) return true;
	if (configured) return origin === new URL(configured).origin;
	if (!host) return false;
	return origin === `http://${host}` || origin === `https://${host}`;
}
