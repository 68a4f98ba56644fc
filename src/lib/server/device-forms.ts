import { fail } from '@sveltejs/kit';
import { isDeviceInputError } from '$server/devices/devices.service';
import { checkServerUrl, lanAddresses } from '$server/devices/server-url';

/** Expected refusals become a 4xx that names the field; anything else is a bug. */
export function deviceInputFailure(err: unknown) {
	if (isDeviceInputError(err))
		return fail(err.status, { code: err.code, field: err.field, message: err.message });
	throw err;
}

/** What a maker pastes into the strip's set-up portal or the simulator, and whether a strip
 *  can reach the address in it (a phone on the server itself sees `localhost`). */
export function firmwareSnippet(origin: string, token: string) {
	const check = checkServerUrl(origin, lanAddresses());
	const warning = check.reachable
		? null
		: {
				title:
					check.why === 'loopback'
						? 'A strip cannot use this address.'
						: 'A strip may not reach this address.',
				text:
					check.why === 'loopback'
						? `${new URL(origin).host} is this computer's own name: a strip would look for the server on itself and never reach it.`
						: `${new URL(origin).hostname} is a .local name, which a strip may not be able to look up.`,
				suggestion: check.suggestion
			};
	const snippet = [
		`# Smart Multiplug strip configuration`,
		...(warning
			? [
					`# ${warning.text}`,
					warning.suggestion
						? `# Use this server's address on your network instead: ${warning.suggestion}`
						: `# Use this server's address on your network instead.`
				]
			: []),
		`server_url = ${origin}`,
		`device_token = ${token}`,
		``,
		`# or try it with the simulator:`,
		`npm run simulate -- --url ${origin} --token ${token}`
	].join('\n');
	return { snippet, warning };
}
