import { startEmulator } from '../emulator/server';
import type { RunOptions, RunResult } from './harness';
import { runWorkflow, shutdownEngine } from './harness';

export const CLIENT_KEY = 'ck_test_7b3e9f21c4d84a6e9a0b5c2d1e8f7a63';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** One emulator per test file, fresh log per test, and a run with the emulator's credential. */
export function useEmulator(options: Parameters<typeof startEmulator>[0] = {}) {
	const ctx = {} as {
		emulator: Emulator;
		run: (
			options: Omit<RunOptions, 'credentials'> & { credentials?: RunOptions['credentials'] },
		) => Promise<RunResult>;
	};
	beforeAll(async () => {
		ctx.emulator = await startEmulator({ clientKeys: [CLIENT_KEY], ...options });
		ctx.run = async (runOptions) =>
			await runWorkflow({
				credentials: { clientKey: CLIENT_KEY, baseUrl: ctx.emulator.url },
				...runOptions,
			});
	});
	afterAll(async () => {
		await ctx.emulator.close();
		shutdownEngine();
	});
	beforeEach(() => ctx.emulator.reset());
	return ctx;
}

/** Every compare the emulator saw used a token of its own, fresh from /user/authenticate. */
export function expectOneFreshTokenPerCompare(emulator: Emulator) {
	const compares = emulator.compares();
	const jtis = compares.map((c) => c.token?.jti);
	expect(compares.every((c) => c.token?.verdict === 'fresh')).toBe(true);
	expect(new Set(jtis).size).toBe(compares.length);
	const issued = new Set(emulator.log.filter((e) => e.issuedJti).map((e) => e.issuedJti));
	expect(jtis.every((jti) => issued.has(jti))).toBe(true);
}

/** Nothing of the run, output or error holds the client key or any token MostQi issued. */
export function expectNoSecrets(emulator: Emulator, result: RunResult) {
	const text =
		JSON.stringify(result.run) +
		JSON.stringify(result.output ?? null) +
		JSON.stringify(result.error ?? null);
	const errorText = result.error ? `${result.error.message} ${result.error.description ?? ''}` : '';
	for (const secret of [CLIENT_KEY, ...emulator.state.issuedTokens]) {
		expect(text).not.toContain(secret);
		expect(errorText).not.toContain(secret);
	}
}
