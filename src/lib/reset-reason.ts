/**
 * Why a strip last restarted, as the ESP8266 core names it (`ESP.getResetReason()`), in the
 * reader's language; a reason we do not know is the firmware's own words, shown as sent.
 */
import * as m from '$i18n/messages';

const KNOWN: Record<string, () => string> = {
	'Power On': m.reset_power_on,
	'Hardware Watchdog': m.reset_hw_watchdog,
	Exception: m.reset_exception,
	'Software Watchdog': m.reset_sw_watchdog,
	'Software/System restart': m.reset_restart,
	'Deep-Sleep Wake': m.reset_deep_sleep,
	'External System': m.reset_external
};

export const resetReason = (reason: string): string => KNOWN[reason]?.() ?? reason;
