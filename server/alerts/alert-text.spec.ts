import { describe, expect, it } from 'vitest';
import type { AlertView } from './alert.types';
import {
	acknowledgeLabel,
	alertLinks,
	alertSummary,
	costSentence,
	formatPaisa
} from './alert-text';

const iron: AlertView = {
	id: 9,
	deviceId: 3,
	deviceName: 'Demo strip',
	port: 4,
	portLabel: 'Electric iron',
	rule: 'HIGH_USAGE',
	severity: 'WARNING',
	message: 'Above 3,300 W for over a minute (3,450 W)',
	openedAt: 0,
	lastAt: 0,
	count: 3,
	costPaisa: 123_456,
	costPer: 'day',
	currency: 'BDT',
	updatedAt: 0,
	clearedAt: null,
	acknowledgedAt: null
};

describe('what an alert says', () => {
	it('gives the stored paisa exactly, in Taka', () => {
		expect(formatPaisa(123_456, 'BDT')).toBe('৳1,234.56');
		expect(formatPaisa(5, 'BDT')).toBe('৳0.05');
		expect(formatPaisa(123_456, 'BDT', 'bn-BD')).toBe('১,২৩৪.৫৬৳');
	});

	it('says the cost per day or per month in the rule’s own sentence', () => {
		expect(costSentence(iron)).toBe('About ৳1,234.56 a day at the last 24 hours’ use.');
		expect(
			costSentence({ ...iron, rule: 'STANDBY_WASTE', costPaisa: 4320, costPer: 'month' })
		).toBe('About ৳43.20 a month if it stays on standby.');
		expect(costSentence({ ...iron, rule: 'HIGH_COST', costPaisa: 10_150 })).toBe(
			'৳101.50 today so far.'
		);
		expect(costSentence({ ...iron, costPaisa: null, costPer: null, currency: null })).toBeNull();
	});

	it('names the alert on its acknowledge button', () => {
		expect(acknowledgeLabel(iron)).toBe('Acknowledge high usage on Electric iron');
		expect(acknowledgeLabel({ ...iron, portLabel: null })).toBe(
			'Acknowledge high usage on Demo strip port 4'
		);
		expect(acknowledgeLabel({ ...iron, rule: 'DEVICE_OFFLINE', port: null })).toBe(
			'Acknowledge strip offline on Demo strip'
		);
	});

	it('links to the port, its history and its threshold', () => {
		expect(alertLinks(iron)).toEqual({
			place: '/devices/3/ports/4',
			historyQuery: '?view=day',
			thresholdAnchor: '#port-3-4'
		});
		expect(alertLinks({ ...iron, rule: 'DEVICE_OFFLINE', port: null })).toEqual({
			place: '/devices/3',
			historyQuery: '?view=day',
			thresholdAnchor: null
		});
	});

	it('the notification carries the condition, the money and what to do', () => {
		expect(alertSummary(iron)).toBe(
			'Above 3,300 W for over a minute (3,450 W) About ৳1,234.56 a day at the last 24 hours’ use. ' +
				'Check what is plugged in. If this is its normal draw, raise the port’s threshold.'
		);
	});
});
