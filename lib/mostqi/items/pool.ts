/**
 * Runs `task(i)` for i in [0, count) with at most `limit` running at once, starting them in
 * order. `shouldStart` is asked before each start, so that a cancelled execution or a failure
 * that ends the node stops new work while the tasks already running finish. A task that throws
 * stops new starts too; it is rethrown only once every running task has ended, so nothing this
 * started is still running when it returns or throws.
 */
export async function runPool(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStart: () => boolean = () => true,
): Promise<void> {
	let next = 0;
	const thrown: unknown[] = [];
	const worker = async () => {
		while (next < count && thrown.length === 0 && shouldStart()) {
			const index = next++;
			await task(index).catch((error: unknown) => thrown.push(error));
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	if (thrown.length > 0) throw thrown[0];
}
