/**
 * The item loop every node runs its items with (runItems), driven with a small work of its own:
 * one output item per input item in input order, the three error modes, the pool, cancellation,
 * and successes first for n8n's error output. Face Compare's and Liveness' wiring of it are
 * tested with their modules (compareItems, livenessItems).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { inputError } from '../../../../../lib/mostqi/items/itemErrors';
import type { ItemWork, RunSignals } from '../../../../../lib/mostqi/items/itemLoop';
import { runItems, successesFirst } from '../../../../../lib/mostqi/items/itemLoop';
import { CANCELLED } from '../../../../../lib/mostqi/transport/retry';
import type { FakeOptions } from '../../../../support/fakeExecuteContext';
import { fakeExecuteContext } from '../../../../support/fakeExecuteContext';
import { atRow, rowPattern } from '../../../../support/words';

const items = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, n) => ({ json: { n } }));

/**
 * A work over `count` items: item i succeeds with `{ done: i }` unless `fails` has it (then it
 * throws an input error); each run waits `delayMs` (or until stopped) and is logged.
 */
function work(
	count: number,
	{
		fails = [] as number[],
		badInput = [] as number[],
		delayMs = 0,
		concurrency = 1,
		extra = {} as FakeOptions,
		more = {} as Partial<ItemWork>,
	} = {},
) {
	const fake = fakeExecuteContext({ items: items(count), continueOnFail: true, ...extra });
	const log = { checked: [] as number[], started: [] as number[], ended: [] as number[] };
	let running = 0;
	const inFlight = { now: () => running, most: 0 };
	const itemWork: ItemWork = {
		concurrency,
		check: async (i) => {
			log.checked.push(i);
			if (badInput.includes(i)) throw inputError(fake.ctx, i, `bad input ${i}`, 'Fix it.');
		},
		run: async (i: number, run: RunSignals) => {
			log.started.push(i);
			running++;
			inFlight.most = Math.max(inFlight.most, running);
			try {
				if (delayMs > 0)
					await new Promise<void>((resolve) => {
						const timer = setTimeout(resolve, delayMs);
						run.stop.addEventListener('abort', () => {
							clearTimeout(timer);
							resolve();
						});
					});
				if (fails.includes(i) || badInput.includes(i))
					throw inputError(fake.ctx, i, `item ${i} failed`, 'Fix it.');
				return { json: { done: i, stopped: run.stop.aborted }, pairedItem: { item: i } };
			} finally {
				running--;
				log.ended.push(i);
			}
		},
		errorItem: (i, error) => ({
			json: { failed: i, message: error.message },
			pairedItem: { item: i },
		}),
		notDone: 'done',
		...more,
	};
	return { fake, log, inFlight, output: () => runItems(fake.ctx, itemWork) };
}

const stop: FakeOptions = { continueOnFail: false };

test('one output item per input item, in input order, each from its own run', async () => {
	const { output, log, inFlight } = work(6, { delayMs: 5, concurrency: 3 });
	const result = await output();
	expect(result.map((r) => r.json.done)).toEqual([0, 1, 2, 3, 4, 5]);
	expect([...log.started].sort()).toEqual([0, 1, 2, 3, 4, 5]);
	expect(inFlight.most).toBe(3);
	// with "Continue" nothing is checked ahead: each item's run reads its own inputs
	expect(log.checked).toEqual([]);
});

test('no items: nothing runs', async () => {
	const { output, log } = work(0);
	expect(await output()).toEqual([]);
	expect(log.started).toEqual([]);
});

describe('Stop', () => {
	test('every item is checked before the first run: a bad later item costs no run', async () => {
		const { output, log } = work(4, { badInput: [2], extra: stop });
		await expect(output()).rejects.toThrow(new RegExp(`^bad input 2 ${rowPattern(2, 4)}$`));
		expect(log.checked).toEqual([0, 1, 2]);
		expect(log.started).toEqual([]);
	});

	test('the failure of the lowest item index is thrown, and no item starts after it', async () => {
		const { output, log } = work(6, { fails: [1, 2], extra: stop });
		await expect(output()).rejects.toThrow(new RegExp(`^item 1 failed ${rowPattern(1, 6)}$`));
		expect(log.started).toEqual([0, 1]);
	});

	test('with several running, every running item ends before the lowest failure is thrown, and is told to stop', async () => {
		const { output, log, inFlight } = work(4, {
			concurrency: 4,
			extra: stop,
			more: {
				run: async (i, run) => {
					log.started.push(i);
					if (i === 1 || i === 3) throw new Error(`item ${i} failed`);
					await new Promise((resolve) => setTimeout(resolve, 50));
					log.ended.push(i);
					expect(run.stop.aborted).toBe(true);
					return { json: {} };
				},
			},
		});
		await expect(output()).rejects.toThrow('item 1 failed');
		expect(log.started).toEqual([0, 1, 2, 3]);
		expect(log.ended.sort()).toEqual([0, 2]);
		expect(inFlight.now()).toBe(0);
	});
});

describe('Continue', () => {
	test("a failed item is the work's error item, in its place", async () => {
		const { output } = work(3, { fails: [1] });
		const result = await output();
		expect(result.map((r) => r.json)).toEqual([
			{ done: 0, stopped: false },
			{ failed: 1, message: `item 1 failed${atRow(1, 3)}` },
			{ done: 2, stopped: false },
		]);
	});

	test('using the error output: the failure inside one error object, with its code', async () => {
		const { output } = work(2, { fails: [0], extra: { onError: 'continueErrorOutput' } });
		const [failed, ok] = await output();
		expect(Object.keys(failed.json)).toEqual(['error']);
		expect(failed.json.error).toMatchObject({ errorCode: 'INVALID_INPUT' });
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(ok.json.done).toBe(1);
	});
});

describe('refused settings', () => {
	const problem = { message: 'Concurrency is wrong', description: 'Set it.' };

	test('an unusable concurrency fails every item with it, nothing runs', async () => {
		const { output, log } = work(2, { more: { concurrency: problem } });
		const result = await output();
		expect(result.map((r) => r.json.message)).toEqual([
			`Concurrency is wrong${atRow(0, 2)}`,
			`Concurrency is wrong${atRow(1, 2)}`,
		]);
		expect(log.started).toEqual([]);
	});

	test('refuseAll with Stop fails the node on the first item before anything is checked', async () => {
		const { output, log } = work(2, { extra: stop, more: { refuseAll: problem } });
		await expect(output()).rejects.toMatchObject({
			message: 'Concurrency is wrong',
			description: 'Set it.',
		});
		expect(log.checked).toEqual([]);
		expect(log.started).toEqual([]);
	});
});

describe('cancellation', () => {
	const cancelled = (itemIndex: number, count: number) =>
		new RegExp(`^${CANCELLED.message} before this item was done ${rowPattern(itemIndex, count)}$`);

	test('a stopped execution starts no item, and still gives every item its place (no hole n8n would trip on)', async () => {
		const controller = new AbortController();
		controller.abort();
		const { output, log } = work(3, { extra: { signal: controller.signal } });
		const result = await output();
		expect(log.started).toEqual([]);
		expect(Object.keys(result)).toEqual(['0', '1', '2']);
		result.forEach((item, i) => {
			expect(item.json.message).toMatch(cancelled(i, 3));
			expect(item.pairedItem).toEqual({ item: i });
		});
	});

	test('stopped halfway: the items done keep their result, those never started are cancelled', async () => {
		const controller = new AbortController();
		const { output } = work(4, {
			extra: { signal: controller.signal },
			more: {
				run: async (i) => {
					if (i === 1) controller.abort();
					return { json: { done: i } };
				},
			},
		});
		const result = await output();
		expect(result.map((r) => r.json.done ?? 'cancelled')).toEqual([0, 1, 'cancelled', 'cancelled']);
		expect(result[3].json.message).toMatch(cancelled(3, 4));
	});

	test('under Stop the cancellation is thrown, not a sparse list', async () => {
		const controller = new AbortController();
		controller.abort();
		const { output } = work(2, { extra: { ...stop, signal: controller.signal } });
		await expect(output()).rejects.toMatchObject({
			message: expect.stringMatching(cancelled(0, 2)),
			context: expect.objectContaining({ errorCode: 'CANCELLED', attempts: 0 }),
		});
	});

	test('an n8n without a cancel signal (older versions) still runs', async () => {
		const { fake, output } = work(1);
		delete (fake.ctx as unknown as Record<string, unknown>).getExecutionCancelSignal;
		expect((await output())[0].json.done).toBe(0);
	});
});

describe('successesFirst', () => {
	const results: INodeExecutionData[] = [
		{ json: { error: { message: 'x' } }, pairedItem: { item: 0 } },
		{ json: { done: 1 }, pairedItem: { item: 1 } },
		{ json: { error: { message: 'y' } }, pairedItem: { item: 2 } },
		{ json: { done: 3 }, pairedItem: { item: 3 } },
	];

	test('using the error output: successes first, then the failures, each in input order', () => {
		const { ctx } = fakeExecuteContext({ onError: 'continueErrorOutput' });
		expect(successesFirst(ctx, results).map((r) => r.pairedItem)).toEqual(
			[1, 3, 0, 2].map((item) => ({ item })),
		);
	});

	test('otherwise input order, unchanged', () => {
		const { ctx } = fakeExecuteContext({ onError: 'continueRegularOutput' });
		expect(successesFirst(ctx, results)).toBe(results);
	});
});
