import { fail } from '@sveltejs/kit';
import { isDeviceInputError } from '$server/devices/devices.service';

/** Expected refusals become a 4xx that names the field; anything else is a bug. */
export function deviceInputFailure(err: unknown) {
	if (isDeviceInputError(err))
		return fail(err.status, { code: err.code, field: err.field, message: err.message });
	throw err;
}

/** What a maker pastes into the strip's set-up portal or the simulator. */
export function firmwareSnippet(origin: string, token: string): string {
	return [
		`# Smart Multiplug strip configuration`,
		`server_url = ${origin}`,
		`device_token = ${token}`,
		``,
		`# or try it with the simulator:`,
		`npm run simulate -- --url ${origin} --token ${token}`
	].join('\n');
}
