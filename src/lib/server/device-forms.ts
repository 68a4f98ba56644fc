import { fail } from '@sveltejs/kit';
import { DeviceInputError } from '$server/devices/devices.service';

/** Expected input mistakes become a 400 that names the field; anything else is a bug. */
export function deviceInputFailure(err: unknown) {
	if (err instanceof DeviceInputError) return fail(400, { field: err.field, message: err.message });
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
