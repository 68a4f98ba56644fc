/** Public surface of the billing module: pure functions, no I/O. */
export {
	computeBill,
	type Bill,
	type BillInput,
	type PortCharge,
	type TariffSegment
} from './bill';
export {
	BUCKET_MS,
	MJ_PER_KWH,
	type Bucket,
	type PortBucket,
	type PortKey,
	type BucketInput
} from './aggregate';
export {
	localParts,
	localMidnight,
	dayKey,
	billingPeriod,
	DEFAULT_TIME_ZONE,
	type LocalParts,
	type BillingPeriod
} from './local-time';
export {
	TariffSchema,
	EnergyRateSchema,
	SlabsSchema,
	TouWindowSchema,
	parseTariff,
	sortVersions,
	tariffInForce,
	type Tariff,
	type TariffInput,
	type TouWindow,
	type Slabs
} from './tariff';
export { priceSlabs, type ChargeLine } from './slabs';
export {
	SEED_FLAT_TARIFF,
	SEED_PEAK_HOURS,
	BD_LT_A_RESIDENTIAL_TARIFF,
	TARIFF_PRESETS
} from './presets';
export { roundMoney, formatMoney } from './money';
