import type { SubmitFunction } from '@sveltejs/kit';

/** An enhanced form that reports while it is submitting, so its button can say so. */
export function whileSubmitting(setBusy: (busy: boolean) => void): SubmitFunction {
	return () => {
		setBusy(true);
		return async ({ update }) => {
			await update();
			setBusy(false);
		};
	};
}

/**
 * After a form's values were saved (sent, or queued in the outbox): its fields follow the
 * local data again. A field fed by `defaultValue` shows a newer value only until the user
 * types in it (HTML's dirty flag); without this, a field saved once kept showing what was
 * typed, and another phone's later change to it stayed hidden until a reload. A select shows
 * its current choice, which is what was just saved: it keeps it (a reset would choose the
 * first option, since Svelte selects through the property, not the attribute).
 */
function followData(form: HTMLFormElement): void {
	const chosen = [...form.querySelectorAll('select')].map((s) => [s, s.value] as const);
	form.reset();
	for (const [select, value] of chosen) select.value = value;
}

/**
 * An enhanced form saved by the page itself (through the outbox, so it works offline)
 * instead of its form action: `save` resolves true unless the server refused the change,
 * and then the form follows the local data again (`followData`).
 */
export function savedLocally(save: (fields: FormData) => Promise<boolean>): SubmitFunction {
	return ({ formElement, formData, cancel }) => {
		cancel();
		void save(formData).then((kept) => kept && followData(formElement));
	};
}
