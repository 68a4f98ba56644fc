/** Time comes in from outside so that rules can be tested with a fake clock. */
export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class FakeClock implements Clock {
	constructor(private t: number) {}
	now(): number {
		return this.t;
	}
	set(t: number): void {
		this.t = t;
	}
	advance(ms: number): void {
		this.t += ms;
	}
}
