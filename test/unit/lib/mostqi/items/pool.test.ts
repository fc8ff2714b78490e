/** The pool that runs the items: a limit of tasks at once, in order of start. */
import { runPool } from '../../../../../lib/mostqi/items/pool';

describe('runPool', () => {
	const tick = () => new Promise((r) => setTimeout(r, 1));

	test('runs every index once, in order of start, never more than the limit at once', async () => {
		const started: number[] = [];
		let running = 0;
		let most = 0;
		await runPool(7, 3, async (i) => {
			started.push(i);
			most = Math.max(most, ++running);
			await tick();
			running--;
		});
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(most).toBe(3);
	});

	test('a limit above the count starts only the count; a count of 0 starts nothing', async () => {
		const task = jest.fn(async () => undefined);
		await runPool(2, 10, task);
		expect(task).toHaveBeenCalledTimes(2);
		task.mockClear();
		await runPool(0, 4, task);
		expect(task).not.toHaveBeenCalled();
	});

	test('a limit below 1 still runs one at a time', async () => {
		const task = jest.fn(async () => undefined);
		await runPool(3, 0, task);
		expect(task).toHaveBeenCalledTimes(3);
	});

	test('shouldStart is asked before every start', async () => {
		const started: number[] = [];
		await runPool(
			5,
			1,
			async (i) => void started.push(i),
			() => started.length < 2,
		);
		expect(started).toEqual([0, 1]);
	});

	test('a thrown task stops new starts and is rethrown only after the running ones end', async () => {
		const ended: number[] = [];
		const pool = runPool(10, 2, async (i) => {
			if (i === 0) throw new Error('first');
			await tick();
			await tick();
			ended.push(i);
		});
		await expect(pool).rejects.toThrow('first');
		expect(ended).toEqual([1]);
	});
});
