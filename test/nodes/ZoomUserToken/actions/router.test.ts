import * as transport from '../../../../nodes/ZoomUserToken/transport';
import type { OnError } from '../../../support/n8nEngine';
import type { Engine, ZoomServer } from '../../../support/zoomSetup';
import { addOAuth2Credential, getTokenParameters, newEngine } from '../../../support/zoomSetup';
import { startZoomServer } from '../../../support/zoomServer';

/**
 * The path of every item through the router, in n8n's engine: Settings → On Error decides what
 * becomes of a failed item (stop, a regular output item, or an item on the error output), every item
 * gets exactly one outcome in input order, and cancelling the execution stops the run at once.
 */
describe('On Error modes and cancellation, in n8n’s engine', () => {
	let server: ZoomServer;
	let engine: Engine;

	beforeEach(async () => {
		server = await startZoomServer();
		engine = newEngine();
		addOAuth2Credential(engine, server);
	});
	afterEach(async () => await server.close());

	// An unknown user between two good ones, and an item whose User is empty (caught before sending).
	const items = [{ id: 'me' }, { id: 'nobody' }, { id: 'u-bob' }, { id: '' }];
	const parameters = getTokenParameters({ userId: '={{ $json.id }}' });
	const notFound = {
		error: 'Zoom user "nobody" not found',
		httpCode: 404,
		zoomCode: 1001,
		userId: 'nobody',
	};
	const runWith = async (onError: OnError) =>
		await engine.runNode({ parameters, credentialId: 'oauth', items, onError });
	const emptyUser = {
		error: 'Invalid User (userId) in item 3: it is empty',
		httpCode: null,
		zoomCode: null,
		userId: null,
	};

	it("Stop: throws the first failing item's error and sends nothing when an item is invalid", async () => {
		const { items: output, error } = await engine.runNode({
			parameters,
			credentialId: 'oauth',
			items,
			onError: 'stopWorkflow',
		});
		expect(output).toBeUndefined();
		expect(error.message).toBe('Invalid User (userId) in item 3: it is empty');
		expect(server.apiRequests()).toHaveLength(0);

		const valid = await engine.runNode({
			parameters,
			credentialId: 'oauth',
			items: items.slice(0, 3),
			onError: 'stopWorkflow',
		});
		expect(valid.items).toBeUndefined();
		expect(valid.error.message).toBe('Zoom user "nobody" not found');
		expect(valid.error.httpCode).toBe('404');
	});

	it('Continue (regular output): one item per input item, failures as items naming the error', async () => {
		const { items: output, errorItems, error } = await runWith('continueRegularOutput');
		expect(error).toBeUndefined();
		expect(errorItems).toBeUndefined();
		expect(output!.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(output![0].json.token).toMatch(/^zak:u-owner:/);
		expect(output![1].json).toEqual(notFound);
		expect(output![2].json.token).toMatch(/^zak:u-bob:/);
		expect(output![3].json).toEqual(emptyUser);
		expect(output!.every((item) => item.error === undefined)).toBe(true);
	});

	it('Continue (using error output): successes on the main output, each failure on the error output with an item-level error', async () => {
		const { items: output, errorItems, error } = await runWith('continueErrorOutput');
		expect(error).toBeUndefined();
		expect(output!.map((item) => [item.pairedItem, item.json.userId])).toEqual([
			[{ item: 0 }, 'me'],
			[{ item: 2 }, 'u-bob'],
		]);
		expect(errorItems!.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		// n8n sets an error item's json to the message (in a workflow, merged into the input item's
		// fields); the details ride on the item-level error, which n8n shows with the item.
		expect(errorItems!.map((item) => item.json)).toEqual([
			{ error: notFound.error },
			{ error: emptyUser.error },
		]);
		const details = errorItems!.map((item) => {
			// What n8n saves of an item-level error: its message and its context.
			const itemError = JSON.parse(JSON.stringify(item.error)) as {
				message: string;
				context: Record<string, unknown>;
			};
			return {
				error: itemError.message,
				httpCode: itemError.context.httpCode ?? null,
				zoomCode: itemError.context.zoomCode ?? null,
				userId: itemError.context.userId ?? null,
			};
		});
		expect(details).toEqual([notFound, emptyUser]);
	});

	it('cancelling the execution ends waits at once and sends nothing more', async () => {
		const many = Array.from({ length: 40 }, () => ({ id: 'u-jane' }));
		const paced = getTokenParameters({
			userId: '={{ $json.id }}',
			options: { maxRequestsPerSecond: 2 },
		});
		const started = Date.now();
		const { error } = await engine.runNode({
			parameters: paced,
			credentialId: 'oauth',
			items: many,
			continueOnFail: true,
			cancelAfterMs: 1200,
		});
		const tookMs = Date.now() - started;
		const sentBeforeEnd = server.apiRequests().length;
		// At 2 per second the 40 items would take 20 s; the run ends as soon as it is cancelled.
		expect(tookMs).toBeLessThan(5000);
		expect(sentBeforeEnd).toBeGreaterThan(0);
		expect(sentBeforeEnd).toBeLessThanOrEqual(4);
		expect(String(error?.message ?? '')).toMatch(/cancel/i);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(server.apiRequests()).toHaveLength(sentBeforeEnd);
	});

	describe('an unexpected throw in the request path (a bug) is every item’s outcome', () => {
		const three = [{ id: 'me' }, { id: 'u-jane' }, { id: 'u-bob' }];
		beforeEach(() => {
			jest.spyOn(transport, 'runForEachItem').mockRejectedValue(new TypeError('boom'));
		});
		afterEach(() => jest.restoreAllMocks());
		const run = async (onError: OnError) =>
			await engine.runNode({ parameters, credentialId: 'oauth', items: three, onError });

		it('Stop: the execution fails with it', async () => {
			const { items: output, error } = await run('stopWorkflow');
			expect(output).toBeUndefined();
			expect(error.message).toMatch(/boom/);
		});

		it('Continue (regular output): an error item per input item, never the input unchanged', async () => {
			const { items: output, error } = await run('continueRegularOutput');
			expect(error).toBeUndefined();
			expect(output!.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(output!.map((item) => item.json)).toEqual(
				Array(3).fill({ error: 'boom', httpCode: null, zoomCode: null }),
			);
		});

		it('Continue (using error output): every item on the error output', async () => {
			const { items: output, errorItems, error } = await run('continueErrorOutput');
			expect(error).toBeUndefined();
			expect(output ?? []).toEqual([]);
			expect(errorItems!.map((item) => [item.pairedItem, item.json.error])).toEqual([
				[{ item: 0 }, 'boom'],
				[{ item: 1 }, 'boom'],
				[{ item: 2 }, 'boom'],
			]);
		});
	});

	it('an operation this version does not have fails every item under Continue, not passes it through', async () => {
		const { items: output, error } = await engine.runNode({
			parameters: { ...parameters, operation: 'fromANewerVersion' },
			credentialId: 'oauth',
			items: [{ id: 'me' }, { id: 'u-bob' }],
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expect(output!.map((item) => item.json.error)).toEqual(
			Array(2).fill('The operation "fromANewerVersion" of resource "user" is not supported'),
		);
		expect(output!.every((item) => item.json.token === undefined)).toBe(true);
	});
});
