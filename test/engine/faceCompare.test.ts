import { makePdf, makePng } from '../fixtures/images';
import { expectNoSecrets, expectOneFreshTokenPerCompare, useEmulator } from './context';

const ctx = useEmulator();

const selfie = makePng('alice', { seed: 'selfie' });
const documentPhoto = makePng('alice', { seed: 'document' });
const stranger = makePng('bob');

describe('face sources, through n8n', () => {
	test('binary on both sides (filesystem binary mode): a match, binary passed through', async () => {
		const { output, run } = await ctx.run({
			items: [
				{
					json: { customer: 'c-1' },
					files: { selfie: { bytes: selfie }, document: { bytes: documentPhoto } },
				},
			],
			parameters: {},
		});
		expect(output).toHaveLength(1);
		const [item] = output!;
		expect(item.json).toEqual({
			decision: 'match',
			similarity: expect.any(Number),
			isMatch: true,
			threshold: 0.7,
			reviewThreshold: null,
			requestId: ctx.emulator.compares()[0].requestId,
			elapsedMilliseconds: expect.any(Number),
			attempts: 1,
			customer: 'c-1',
		});
		expect(item.json.similarity).toBe(ctx.emulator.compares()[0].similarity);
		expect(item.pairedItem).toEqual({ item: 0 });
		// n8n stored the files on disk: the node read the bytes, not the marker in binary.data.
		expect(item.binary?.selfie.id).toMatch(/^filesystem/);
		expect(item.binary?.selfie.data).not.toBe(selfie.toString('base64'));
		expect(ctx.emulator.compares()[0].sent).toEqual({ A: 'base64', B: 'base64' });
		expect(ctx.emulator.compares()[0].faces).toEqual({ A: 'alice', B: 'alice' });
		expect(run.status).toBe('success');
	});

	test('URL on both sides: MostQi downloads them', async () => {
		const urlA = ctx.emulator.addFile('a.png', selfie);
		const urlB = ctx.emulator.addFile('b.png', stranger);
		const { output } = await ctx.run({
			items: [{}],
			parameters: { faceASource: 'url', faceAUrl: urlA, faceBSource: 'url', faceBUrl: urlB },
		});
		expect(output![0].json.isMatch).toBe(false);
		expect(ctx.emulator.compares()[0]).toMatchObject({
			sent: { A: 'url', B: 'url' },
			faces: { A: 'alice', B: 'bob' },
		});
	});

	test('base64 on both sides, from expressions, with a data: prefix and line breaks', async () => {
		const wrapped = selfie.toString('base64').replace(/(.{76})/g, '$1\n');
		const { output } = await ctx.run({
			items: [
				{ json: { a: `data:image/png;base64,${wrapped}`, b: documentPhoto.toString('base64') } },
			],
			parameters: {
				faceASource: 'base64',
				faceABase64: '={{ $json.a }}',
				faceBSource: 'base64',
				faceBBase64: '={{ $json.b }}',
			},
		});
		expect(output![0].json.isMatch).toBe(true);
		expect(ctx.emulator.compares()[0].faces).toEqual({ A: 'alice', B: 'alice' });
	});

	test.each([
		['binary', 'url'],
		['url', 'base64'],
		['base64', 'binary'],
	])('a mix: face A %s, face B %s', async (sourceA, sourceB) => {
		const url = ctx.emulator.addFile('mix.png', documentPhoto);
		const parameters: Record<string, string> = { faceASource: sourceA, faceBSource: sourceB };
		const set = (side: 'A' | 'B', source: string, field: string, bytes: Buffer) => {
			if (source === 'url') parameters[`face${side}Url`] = url;
			if (source === 'base64') parameters[`face${side}Base64`] = bytes.toString('base64');
			if (source === 'binary') parameters[`face${side}BinaryProperty`] = field;
		};
		set('A', sourceA, 'selfie', selfie);
		set('B', sourceB, 'document', documentPhoto);
		const { output } = await ctx.run({
			items: [{ files: { selfie: { bytes: selfie }, document: { bytes: documentPhoto } } }],
			parameters,
		});
		expect(output![0].json.isMatch).toBe(true);
		expect(ctx.emulator.compares()[0].sent).toEqual({
			A: sourceA === 'url' ? 'url' : 'base64',
			B: sourceB === 'url' ? 'url' : 'base64',
		});
	});

	test('a PDF with passwords: each password reaches MostQi base64-encoded', async () => {
		const { output } = await ctx.run({
			items: [
				{
					files: {
						selfie: { bytes: selfie },
						document: { bytes: makePdf('alice'), mimeType: 'application/pdf' },
					},
				},
			],
			parameters: { options: { faceAPassword: 'pw-A', faceBPassword: 'pässwört' } },
		});
		expect(output![0].json.isMatch).toBe(true);
		expect(ctx.emulator.compares()[0].sent).toMatchObject({
			passwordA: 'pw-A',
			passwordB: 'pässwört',
		});
	});
});

describe('many items', () => {
	test('60 items, latency on the emulator: one output per input, in order, each paired with its input', async () => {
		ctx.emulator.state.latencyMs = 20;
		try {
			const people = Array.from({ length: 60 }, (_, i) => `person-${i}`);
			const items = people.map((person, i) => ({
				json: { index: i, person },
				files: {
					selfie: { bytes: makePng(person, { seed: 's' }) },
					// every third pair shows two different people
					document: { bytes: makePng(i % 3 === 0 ? `${person}-other` : person, { seed: 'd' }) },
				},
			}));
			const { output } = await ctx.run({
				items,
				parameters: { options: { keepInputFields: true, concurrency: 8 } },
			});
			expect(output).toHaveLength(60);
			output!.forEach((item, i) => {
				expect(item.pairedItem).toEqual({ item: i });
				expect(item.json.index).toBe(i);
				expect(item.json.isMatch).toBe(i % 3 !== 0);
			});
			// the answers' request IDs, matched by face id, belong to the right items
			const byPerson = new Map(ctx.emulator.compares().map((c) => [c.faces?.A, c.requestId]));
			output!.forEach((item) =>
				expect(item.json.requestId).toBe(byPerson.get(item.json.person as string)),
			);
			expect(ctx.emulator.state.maxInFlight).toBeGreaterThan(1);
			expect(ctx.emulator.state.maxInFlight).toBeLessThanOrEqual(8);
			expectOneFreshTokenPerCompare(ctx.emulator);
			expect(ctx.emulator.log.filter((e) => e.path === '/user/authenticate')).toHaveLength(60);
		} finally {
			ctx.emulator.state.latencyMs = 0;
		}
	});
});

describe('options', () => {
	const item = {
		json: { customer: 'c-9' },
		files: { selfie: { bytes: selfie }, document: { bytes: stranger } },
	};

	test('the threshold decides isMatch: similarity >= threshold', async () => {
		const { output } = await ctx.run({ items: [item], parameters: {} });
		const similarity = output![0].json.similarity as number;
		const atThreshold = await ctx.run({ items: [item], parameters: { threshold: similarity } });
		expect(atThreshold.output![0].json).toMatchObject({
			decision: 'match',
			isMatch: true,
			threshold: similarity,
		});
		const above = await ctx.run({ items: [item], parameters: { threshold: similarity + 0.001 } });
		expect(above.output![0].json).toMatchObject({ decision: 'mismatch', isMatch: false });
	});

	test('keep input fields and include the full response', async () => {
		const { output } = await ctx.run({
			items: [item],
			parameters: { options: { keepInputFields: true, includeFullResponse: true } },
		});
		expect(output![0].json).toMatchObject({
			customer: 'c-9',
			mostQiResponse: {
				result: { similarity: output![0].json.similarity },
				status: { code: '200' },
			},
		});
	});

	test('bearer token mode: the token goes as is, no token route is called', async () => {
		ctx.emulator.state.latencyMs = 0;
		const gateway = await import('../emulator/server').then((m) =>
			m.startEmulator({ gatewayTokens: ['gw_static_token_4e1f9a'] }),
		);
		try {
			const { output } = await ctx.run({
				items: [item, item],
				parameters: {},
				credentials: {
					authType: 'bearerToken',
					bearerToken: 'gw_static_token_4e1f9a',
					baseUrl: gateway.url,
				},
			});
			expect(output).toHaveLength(2);
			expect(gateway.compares().map((c) => c.token?.verdict)).toEqual(['gateway', 'gateway']);
			expect(gateway.log.filter((e) => e.path === '/user/authenticate')).toHaveLength(0);
		} finally {
			await gateway.close();
		}
	});

	test('no token is saved to the credential, and no secret reaches the run data', async () => {
		const result = await ctx.run({ items: [item, item, item], parameters: {} });
		expect(result.credentialsHelper.saved).toEqual([]);
		expectOneFreshTokenPerCompare(ctx.emulator);
		expectNoSecrets(ctx.emulator, result);
		expect(ctx.emulator.compares().every((c) => c.clientKeyInRequest === false)).toBe(true);
	});
});
