import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { pause, withDeadline } from '../../credentials/requestDeadline';
import { onFakeClock } from '../support/fakeClock';

const settledSoon = async (promise: Promise<unknown>) => {
	let settled = false;
	void promise.then(
		() => (settled = true),
		() => (settled = true),
	);
	// A few turns of the event loop, and no clock time at all.
	for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
	return settled;
};

describe('waits without polling', () => {
	it('a pause ends as soon as one of its signals aborts, with no clock tick', async () => {
		const cancel = new AbortController();
		const waiting = pause(60_000, undefined, cancel.signal);
		expect(await settledSoon(waiting)).toBe(false);
		cancel.abort();
		expect(await settledSoon(waiting)).toBe(true);
	});

	it('a pause keeps its process alive: a process with nothing else to do does not exit mid-wait', () => {
		const printed = execFileSync(
			process.execPath,
			[
				'--import',
				'tsx',
				'-e',
				"require('./credentials/requestDeadline.ts').pause(300).then(() => console.log('waited'))",
			],
			{ cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' },
		);
		expect(printed.trim()).toBe('waited');
	});

	it('a pause takes its whole time when nothing aborts', async () => {
		await onFakeClock(async () => {
			const startedAt = Date.now();
			await pause(1500);
			expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1500);
		});
	});

	it('a request past its deadline rejects with ETIMEDOUT, a cancelled one with ECANCELED at once', async () => {
		const never = async (signal: AbortSignal) =>
			await new Promise((_, reject) =>
				signal.addEventListener('abort', () => reject(signal.reason)),
			);
		await onFakeClock(async () => {
			await expect(withDeadline(2000, undefined, never)).rejects.toMatchObject({
				code: 'ETIMEDOUT',
			});
		});
		const cancel = new AbortController();
		const cancelled = withDeadline(60_000, cancel.signal, never);
		cancelled.catch(() => {});
		cancel.abort();
		expect(await settledSoon(cancelled)).toBe(true);
		await expect(cancelled).rejects.toMatchObject({ code: 'ECANCELED' });
	});
});
