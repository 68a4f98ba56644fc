/**
 * The tariff form's fields → a tariff record for TariffsService.save (which validates it).
 * A preset is copied, never edited in place; the household's own figures (sanctioned
 * load, meter rent, VAT, fixed charge) override the copy's. Shared by the form action (no
 * JavaScript) and the page, which sends the record through the offline outbox; the presets
 * come from their own module so the page does not bundle the tariff validation.
 */
import type { TariffInput } from '$server/billing/tariff';
import { PEAK_WINDOW_NAME, TARIFF_PRESETS } from '$server/billing/presets';
import { DEFAULT_FLAT_NAME, DEFAULT_TOU_NAME } from '$lib/tariff-name';

const num = (form: FormData, name: string): number | undefined => {
	const raw = String(form.get(name) ?? '').trim();
	return raw === '' ? undefined : Number(raw);
};

export function tariffFromForm(form: FormData, currency: string): TariffInput {
	const kind = String(form.get('kind') ?? 'flat');
	const preset = TARIFF_PRESETS.find((p) => p.id === kind);
	const base: TariffInput = preset
		? structuredClone(preset)
		: {
				id: 'custom',
				name: String(form.get('name') || (kind === 'tou' ? DEFAULT_TOU_NAME : DEFAULT_FLAT_NAME)),
				validFrom: '',
				energy:
					kind === 'tou'
						? {
								kind: 'tou',
								defaultRate: num(form, 'offPeakRate') ?? NaN,
								windows: [
									{
										name: PEAK_WINDOW_NAME,
										start: String(form.get('peakStart') ?? '18:00'),
										end: String(form.get('peakEnd') ?? '23:00'),
										rate: num(form, 'peakRate') ?? NaN
									}
								]
							}
						: { kind: 'flat', rate: num(form, 'rate') ?? NaN }
			};
	const overrides = {
		sanctionedLoadKw: num(form, 'sanctionedLoadKw'),
		meterRent: num(form, 'meterRent'),
		vatPercent: num(form, 'vatPercent'),
		fixedMonthly: num(form, 'fixedMonthly'),
		demandPerKw: num(form, 'demandPerKw')
	};
	for (const [k, v] of Object.entries(overrides)) {
		if (v !== undefined) (base as Record<string, unknown>)[k] = v;
	}
	return {
		...base,
		validFrom: String(form.get('validFrom') ?? ''),
		currency: preset ? base.currency : currency
	};
}
