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
	message: string;
	openedAt: number;
	updatedAt: number;
	clearedAt: number | null;
	acknowledgedAt: number | null;
}
