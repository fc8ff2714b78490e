/** The pool of request bodies: buffers reused, never handed out twice. */
import { BodyPool } from '../../../../../lib/mostqi/files/jsonBody';
import { buildCompareBody } from '../../../../../nodes/MostQiFaceCompare/requestBody';
import { makePng } from '../../../../fixtures/images';

describe('BodyPool', () => {
	test('a body given back is reused for the next one that fits; the smallest fitting first', () => {
		const pool = new BodyPool(4);
		const big = pool.take(1000);
		const small = pool.take(100);
		pool.give(big);
		pool.give(small);
		const next = pool.take(50);
		expect(next.buffer).toBe(small.buffer);
		expect(next.length).toBe(50);
		expect(pool.take(900).buffer).toBe(big.buffer);
		expect(pool.take(10).buffer).not.toBe(small.buffer); // both are out again
	});

	test('never hands out one buffer twice while it is taken', () => {
		const pool = new BodyPool(4);
		const taken = Array.from({ length: 5 }, () => pool.take(64));
		expect(new Set(taken.map((b) => b.buffer)).size).toBe(5);
	});

	test('keeps at most `capacity` buffers, and ignores buffers it did not make', () => {
		const pool = new BodyPool(1);
		const a = pool.take(10);
		const b = pool.take(10);
		pool.give(a);
		pool.give(b);
		pool.give(Buffer.alloc(10));
		expect(pool.take(10).buffer).toBe(a.buffer);
		expect(pool.take(10).buffer).not.toBe(b.buffer);
	});

	test('a body built in a pooled buffer is the same as one built fresh', async () => {
		const pool = new BodyPool(2);
		const png = makePng('p');
		const first = await buildCompareBody(
			{ kind: 'bytes', bytes: Buffer.alloc(png.length * 2, 7) },
			{ kind: 'url', url: 'https://x.example/a' },
			{},
			pool,
		);
		pool.give(first);
		const second = await buildCompareBody(
			{ kind: 'bytes', bytes: png },
			{ kind: 'url', url: 'https://x.example/b' },
			{},
			pool,
		);
		expect(second.buffer).toBe(first.buffer);
		expect(second.toString()).toBe(
			JSON.stringify({
				faceFileBase64A: png.toString('base64'),
				faceFileUrlB: 'https://x.example/b',
			}),
		);
	});
});
