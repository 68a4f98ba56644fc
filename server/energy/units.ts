/** Energy is kept as integer millijoules so that sums are exact whatever the order. */
export const MJ_PER_WH = 3_600_000;
export const MJ_PER_KWH = 3_600_000_000;
/** 15-minute buckets: fine enough for any UTC offset (:30, :45) and time-of-use window. */
export const BUCKET_MS = 15 * 60_000;

export const whToMj = (wh: number): number => Math.round(wh * MJ_PER_WH);
export const mjToKwh = (mj: number): number => mj / MJ_PER_KWH;
export const bucketStart = (ts: number): number =>
	ts - (((ts % BUCKET_MS) + BUCKET_MS) % BUCKET_MS);
