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
