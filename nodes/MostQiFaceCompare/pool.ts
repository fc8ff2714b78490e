/**
 * Runs `task(i)` for i in [0, count) with at most `limit` running at once, starting them in
 * order. `shouldStart` is asked before each start, so that a cancelled execution or a failure
 * that ends the node stops new work while the tasks already running finish.
 */
export async function runPool(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStart: () => boolean = () => true,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && shouldStart()) {
			const index = next++;
			await task(index);
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker);
	await Promise.all(workers);
}
