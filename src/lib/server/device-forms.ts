import { fail } from '@sveltejs/kit';
import { isDeviceInputError, type DeviceInputError } from '$server/devices/devices.service';
import { formatCount } from '$lib/format';
import { checkServerUrl, lanAddresses } from '$server/devices/server-url';
import * as m from '$i18n/messages';

/** What a refused field needs, in the reader's language. */
const FIELD_PROBLEMS: Record<string, () => string> = {
	name: m.dev_err_name,
	ports: m.dev_err_ports,
	label: m.dev_err_label,
	max_power_w: m.prot_err_max,
	hold_s: m.prot_err_hold
};

/** A protection refusal's sentence in the reader's language. */
export const fieldProblem = (field: string, fallback: string) =>
	FIELD_PROBLEMS[field]?.() ?? fallback;

/** A refusal by its code, where the field alone does not say what went wrong. */
function codeProblem(err: DeviceInputError): string | null {
	const max = formatCount(err.limit ?? 0);
	if (err.code === 'limit_reached')
		return err.field === 'plug' ? m.plug_err_limit({ max }) : m.dev_err_limit({ max });
	if (err.code === 'not_found' && err.field === 'plug') return m.plug_err_not_found();
	if (err.code === 'taken' && err.field === 'plug') return m.plug_err_taken();
	return null;
}

/** Expected refusals become a 4xx that names the field; anything else is a bug. */
export function deviceInputFailure(err: unknown) {
	if (isDeviceInputError(err)) {
		const message = codeProblem(err) ?? FIELD_PROBLEMS[err.field]?.() ?? err.message;
		return fail(err.status, { code: err.code, field: err.field, message });
	}
	throw err;
}

/** What a maker pastes into the strip's set-up portal or the simulator, and whether a strip
 *  can reach the address in it (a phone on the server itself sees `localhost`). */
export function firmwareSnippet(origin: string, token: string) {
	const check = checkServerUrl(origin, lanAddresses());
	const warning = check.reachable
		? null
		: {
				title: check.why === 'loopback' ? m.tok_loopback_title() : m.tok_local_title(),
				text:
					check.why === 'loopback'
						? m.tok_loopback_text({ host: new URL(origin).host })
						: m.tok_local_text({ host: new URL(origin).hostname }),
				suggestion: check.suggestion
			};
	const snippet = [
		`# ${m.tok_snippet_title()}`,
		...(warning
			? [
					`# ${warning.text}`,
					warning.suggestion
						? `# ${m.tok_snippet_use_at({ address: warning.suggestion })}`
						: `# ${m.tok_snippet_use()}`
				]
			: []),
		`server_url = ${origin}`,
		`device_token = ${token}`,
		``,
		`# ${m.tok_snippet_simulator()}`,
		`npm run simulate -- --url ${origin} --token ${token}`
	].join('\n');
	return { snippet, warning };
}
