import { compileMessages } from '../scripts/compile-messages.js';

/** The unit tests import the compiled messages: compile them when the JSON is newer. */
export default async function setup(): Promise<void> {
	await compileMessages();
}
