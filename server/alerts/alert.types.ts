import type { CostPer } from './alert-cost';
import type { AlertMessage } from './alert-message';
import type { Rule, Severity } from './rules';

/** An alert as the app shows it and as it travels over Socket.IO. */
export interface AlertView {
	id: number;
	deviceId: number;
	deviceName: string;
	/** null for a whole-device rule (DEVICE_OFFLINE) */
	port: number | null;
	portLabel: string | null;
	rule: Rule;
	severity: Severity;
	/** in English; `messageArgs` says it in any language (alert-message.ts) */
	message: string;
	messageArgs?: AlertMessage | null;
	/** when the condition first held (the readings' own time for power rules) */
	openedAt: number;
	/** the latest time the condition started again, same clock as openedAt */
	lastAt: number;
	/** times the condition started while the alert stayed open */
	count: number;
	/** what it costs, fixed when it opened: integer paisa per day or month; null when unpriced */
	costPaisa: number | null;
	costPer: CostPer | null;
	currency: string | null;
	updatedAt: number;
	clearedAt: number | null;
	acknowledgedAt: number | null;
}
