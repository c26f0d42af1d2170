/**
 * `npm run bench`: the node against the suite's Zoom-compatible server, in n8n-core's engine, with
 * Zoom-like latency, per-second limits and faults. Each measurement runs in fresh n8n processes (and
 * the server in another), so CPU time and memory are the node's own. Writes BENCHMARKS.md and the
 * rate-over-time chart it shows, and prints the report.
 *
 *   npm run bench               all workloads
 *   npm run bench -- W1 W3      some of them (printed only)
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	FIXED_BATCH_FRESH_TOKEN_INTERVAL_MS,
	FIXED_BATCH_SIZE,
	FIXED_BATCH_TUNED_INTERVAL_MS,
} from './baselineNodes';
import { rateChart, type ChartSeries } from './chart';
import type { Measurement, ProcessResult } from './runner';
import type { ServerProcessOptions } from './zoomServerProcess';

// Children run TypeScript through tsx, as this process does.
const TSX = ['--import', 'tsx'];
const children = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of children) child.kill();
});

function spawn(file: string, execArgv: string[] = []): ChildProcess {
	const child = fork(path.join(__dirname, file), [], {
		execArgv: [...TSX, ...execArgv],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	children.add(child);
	child.on('exit', () => children.delete(child));
	return child;
}

const nextMessage = <T>(child: ChildProcess) =>
	new Promise<T>((resolve, reject) => {
		child.once('message', (message) => resolve(message as T));
		child.once('exit', (code) =>
			reject(new Error(`${child.spawnargs.join(' ')} exited with ${code}`)),
		);
	});

interface ServerStats {
	stats: { rateLimited: number };
	apiRequests: number;
	timeline: Array<[number, number]>;
}

async function startServer(options: ServerProcessOptions) {
	const child = spawn('zoomServerProcess.ts');
	const info = nextMessage<Measurement['server']>(child);
	child.send(options);
	return {
		info: await info,
		stats: async () => {
			const answer = nextMessage<ServerStats>(child);
			child.send('stats');
			return await answer;
		},
		close: () => child.send('close'),
	};
}

/** Starts `processes` n8n processes, lets them go at once, and returns what each measured. */
async function measure(
	server: Measurement['server'],
	measurement: Omit<Measurement, 'server'>,
	processes: number,
	line: 1 | 2,
): Promise<ProcessResult[]> {
	const perProcess = measurement.itemCount * (measurement.executions ?? 1);
	// n8n 1.x's engine: n8n-core 1.x and its n8n-workflow (n8nLine1.ts).
	const engine = line === 1 ? ['--import', path.join(__dirname, 'n8nLine1.ts')] : [];
	const runners = Array.from({ length: processes }, () =>
		spawn('runner.ts', ['--expose-gc', ...engine]),
	);
	const ready = runners.map((runner) => nextMessage<string>(runner));
	runners.forEach((runner, k) =>
		runner.send({ ...measurement, server, firstUser: k * perProcess } satisfies Measurement),
	);
	await Promise.all(ready);
	const results = runners.map((runner) => nextMessage<ProcessResult>(runner));
	for (const runner of runners) runner.send('go');
	return await Promise.all(results);
}

interface Row {
	label: string;
	items: number;
	seconds: number;
	rateLimited: number;
	apiRequests: number;
	failed: number;
	ratio?: number;
	cpuMsPerItem: number;
	heapBytesPerItem: number;
	maxRssMb: number;
	error?: string;
	/** Accepted requests per half second, from the run's start: the chart's data. */
	acceptedPerHalfSecond: number[];
	/** From the first API request's arrival to the last one's. */
	spanSeconds?: number;
	/** Requests per second, first to last (pinned rates). */
	paced?: number;
	/** This row's own verdict, where a workload judges each row. */
	met?: boolean;
}

interface Spec {
	variant?: Measurement['variant'];
	itemCount: number;
	options?: Measurement['options'];
	executions?: number;
	runs?: number;
	pauseBetweenRunsMs?: number;
	processes?: number;
	freshToken?: boolean;
	/** Items ÷ the server's limit, per run. */
	idealSeconds?: number;
	/** The n8n line whose engine runs the node (default 2). */
	line?: 1 | 2;
}

/** Runs one measurement against a fresh server: one row per run (`runs` after one another). */
async function rows(
	label: string,
	serverOptions: ServerProcessOptions,
	spec: Spec,
): Promise<Row[]> {
	const processes = spec.processes ?? 1;
	const runs = spec.runs ?? 1;
	const items = spec.itemCount * (spec.executions ?? 1) * processes;
	const server = await startServer({ ...serverOptions, userCount: items });
	const results = await measure(
		server.info,
		{
			variant: spec.variant ?? 'node',
			itemCount: spec.itemCount,
			options: spec.options ?? {},
			executions: spec.executions,
			runs,
			pauseBetweenRunsMs: spec.pauseBetweenRunsMs,
			freshToken: spec.freshToken,
		},
		processes,
		spec.line ?? 2,
	);
	const { timeline } = await server.stats();
	server.close();
	const measured: Row[] = [];
	for (let run = 0; run < runs; run++) {
		const startedAt = Math.min(...results.map((result) => result.runs[run].startedAt));
		const endedAt = Math.max(...results.map((result) => result.runs[run].endedAt));
		const during = timeline.filter(([at]) => at >= startedAt && at <= endedAt);
		const seconds = (endedAt - startedAt) / 1000;
		const acceptedPerHalfSecond = Array.from({ length: Math.ceil(seconds * 2) }, () => 0);
		for (const [at, status] of during) {
			if (status !== 429) acceptedPerHalfSecond[Math.floor((at - startedAt) / 500)]++;
		}
		const row: Row = {
			label: runs > 1 ? `${label}, run ${run + 1}` : label,
			items,
			seconds,
			rateLimited: during.filter(([, status]) => status === 429).length,
			apiRequests: during.length,
			failed: results.reduce((sum, result) => sum + result.runs[run].failed, 0),
			ratio: spec.idealSeconds ? seconds / spec.idealSeconds : undefined,
			cpuMsPerItem: results.reduce((sum, result) => sum + result.cpuMs, 0) / (items * runs),
			heapBytesPerItem: Math.max(...results.map((result) => result.heapPeakDeltaBytes)) / items,
			maxRssMb: Math.max(...results.map((result) => result.maxRssBytes)) / 1024 / 1024,
			error:
				results.map((result) => result.runs[run].error).find(Boolean) ??
				results.map((result) => result.sampleError).find(Boolean),
			acceptedPerHalfSecond,
			spanSeconds: during.length > 1 ? (during.at(-1)![0] - during[0][0]) / 1000 : undefined,
		};
		console.log(
			`  ${row.label}: ${seconds.toFixed(2)} s, ${row.rateLimited} × 429 of ${row.apiRequests} requests, ${row.failed} failed${row.ratio ? `, ${row.ratio.toFixed(3)} × ideal` : ''}`,
		);
		measured.push(row);
	}
	return measured;
}

const row = async (label: string, serverOptions: ServerProcessOptions, spec: Spec) =>
	(await rows(label, serverOptions, spec))[0];

interface Workload {
	title: string;
	targets: string;
	rows: Row[];
	pass: (rows: Row[]) => boolean;
	passed?: boolean;
	/** Shown under the table. */
	underTable?: string;
}

const ratioAtMost = (limit: number) => (r: Row) => r.ratio !== undefined && r.ratio <= limit;
const noneFailed = (r: Row) => r.failed === 0;
const CHART_FILE = 'docs/images/bench-rate-over-time.svg';

const WORKLOADS: Record<string, () => Promise<Workload>> = {
	async W1() {
		const measured: Row[] = [];
		for (const itemCount of [200, 1000]) {
			for (const latencyMs of [50, 150]) {
				measured.push(
					await row(
						`node, default options, ${itemCount} users, ${latencyMs} ms`,
						{ latencyMs, ratePerSecond: 30 },
						{ itemCount, idealSeconds: itemCount / 30 },
					),
				);
			}
		}
		const pinned = await row(
			'node, Max Requests per Second = 30, 1000 users, 50 ms',
			{ latencyMs: 50, ratePerSecond: 30 },
			{ itemCount: 1000, options: { maxRequestsPerSecond: 30 }, idealSeconds: 1000 / 30 },
		);
		// The picture: 200 users at 150 ms, the node as shipped, pinned, and the HTTP Request node's
		// Batching tuned by hand (baselineNodes.ts), from the same expired token as the node.
		const server = { latencyMs: 150, ratePerSecond: 30 };
		const ideal = 200 / 30;
		const pinnedSmall = await row('node, Max Requests per Second = 30, 200 users, 150 ms', server, {
			itemCount: 200,
			options: { maxRequestsPerSecond: 30 },
			idealSeconds: ideal,
		});
		const batch = (interval: number) =>
			`baseline: HTTP Request node's Batching by hand, ${FIXED_BATCH_SIZE} items every ${interval} ms, 200 users, 150 ms`;
		const batches = await row(batch(1000), server, {
			variant: 'fixedBatch',
			itemCount: 200,
			idealSeconds: ideal,
		});
		const tuned = await row(batch(FIXED_BATCH_TUNED_INTERVAL_MS), server, {
			variant: 'fixedBatchTuned',
			itemCount: 200,
			idealSeconds: ideal,
		});
		const bestCase = await row(
			`${batch(FIXED_BATCH_FRESH_TOKEN_INTERVAL_MS)}, its best case: token already fresh (no refresh)`,
			server,
			{ variant: 'fixedBatchFreshToken', itemCount: 200, idealSeconds: ideal, freshToken: true },
		);
		const series: ChartSeries[] = [
			{ label: 'this node, default options', values: measured[1].acceptedPerHalfSecond },
			{ label: 'this node, 30 req/s pinned', values: pinnedSmall.acceptedPerHalfSecond },
			{
				label: `Batching: ${FIXED_BATCH_SIZE} items every ${FIXED_BATCH_TUNED_INTERVAL_MS} ms`,
				values: tuned.acceptedPerHalfSecond,
			},
		];
		fs.writeFileSync(
			path.join(__dirname, '..', CHART_FILE),
			rateChart(series, {
				limit: 30,
				title: '200 users, limit 30 req/s, 150 ms latency, first run in a fresh n8n process',
			}),
		);
		return {
			title: 'W1 — first run in a fresh n8n process, limit 30 req/s (Pro)',
			targets:
				'default options ≤ 1.10 × ideal at 200 and 1,000 users, 50 and 150 ms latency, 0 failed, and ahead of the hand-tuned batching that loses no item from the same expired token; Max Requests per Second = 30 ≤ 1.10 × ideal at 1,000 users',
			rows: [...measured, pinned, pinnedSmall, batches, tuned, bestCase],
			pass: (all) =>
				all.slice(0, 5).every(ratioAtMost(1.1)) &&
				all.slice(0, 6).every(noneFailed) &&
				noneFailed(tuned) &&
				measured[1].seconds < tuned.seconds,
			underTable: `![Zoom-accepted requests per second over time](${CHART_FILE})`,
		};
	},
	async W2() {
		const server = { latencyMs: 200, ratePerSecond: 30 };
		const idealSeconds = 1000 / 30;
		const measured = [
			await row('node, default options', server, { itemCount: 1000, idealSeconds }),
			await row('baseline: one request at a time', server, {
				variant: 'oneAtATime',
				itemCount: 1000,
				idealSeconds,
			}),
			await row('baseline: all requests at once', server, {
				variant: 'allAtOnce',
				itemCount: 1000,
				idealSeconds,
			}),
		];
		return {
			title: 'W2 — 1,000 users, 200 ms latency, limit 30 req/s, against two baselines',
			targets: 'node ≥ 4 × the one-at-a-time baseline’s items/s; 0 failed where all-at-once fails',
			rows: measured,
			pass: ([node, oneAtATime]) => node.seconds * 4 <= oneAtATime.seconds && node.failed === 0,
		};
	},
	async W3() {
		return {
			title: 'W3 — 200 users, limit 4 req/s (Free), 10 % random 5xx',
			targets: '0 failed items with default options',
			rows: [
				await row(
					'node, default options',
					{ ratePerSecond: 4, faults: { rate5xx: 0.1 }, seed: 11 },
					{ itemCount: 200, idealSeconds: 200 / 4 },
				),
			],
			pass: (all) => all.every(noneFailed),
		};
	},
	async W4() {
		// CPU time per item varies from one run to the next on a shared machine by about as much as the
		// two differ: each runs three times, alternating, and the medians are compared. Six W4 runs in a
		// row on one day put the baseline's median anywhere from 1.130 to 1.189 ms/item (5 %), single
		// runs of either from 1.119 to 1.222: within 5 % of the baseline is as close as the measurement
		// tells them apart.
		const node: Row[] = [];
		const baseline: Row[] = [];
		for (let run = 1; run <= 3; run++) {
			// No limit to find: the rate is pinned at the highest the option allows (1000), so the run
			// measures the node's own overhead.
			node.push(
				await row(
					`node, Max Requests per Second = 1000, run ${run}`,
					{},
					{ itemCount: 10_000, options: { maxRequestsPerSecond: 1000 } },
				),
			);
			baseline.push(
				await row(
					`baseline: one request at a time, run ${run}`,
					{},
					{ variant: 'oneAtATime', itemCount: 10_000 },
				),
			);
		}
		const medianCpu = (runs: Row[]) =>
			runs.map((r) => r.cpuMsPerItem).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
		const medians = { node: medianCpu(node), baseline: medianCpu(baseline) };
		return {
			title: 'W4 — 10,000 users, no latency, no limit: overhead per item',
			targets:
				'node’s CPU time per item ≤ the one-at-a-time baseline’s, within the 5 % by which the baseline’s own median varies from one bench to the next (median of three runs each, run alternately); 0 failed',
			rows: [...node, ...baseline],
			underTable: `Medians of CPU ms per item: node ${medians.node.toFixed(3)}, baseline ${medians.baseline.toFixed(3)}.`,
			pass: (all) => medians.node <= medians.baseline * 1.05 && all.every(noneFailed),
		};
	},
	async W5() {
		const measured: Row[] = [];
		for (const [plan, limit] of [
			['Free', 4],
			['Pro', 30],
			['Business', 80],
		] as const) {
			measured.push(
				await row(
					`node, default options, ${plan} (${limit} req/s)`,
					{ latencyMs: 50, ratePerSecond: limit },
					{ itemCount: 200, idealSeconds: 200 / limit },
				),
			);
		}
		return {
			title: 'W5 — 200 users at each plan’s limit, 50 ms latency, first run in a fresh process',
			targets: 'each ≤ 1.15 × ideal with default options; 0 failed',
			rows: measured,
			pass: (all) => all.every(ratioAtMost(1.15)) && all.every(noneFailed),
		};
	},
	async W6() {
		const server = { latencyMs: 50, ratePerSecond: 30 };
		const oneProcess = await row('3 executions at once × 200 users, one n8n process', server, {
			itemCount: 200,
			executions: 3,
			idealSeconds: 600 / 30,
		});
		const twoProcesses = await row(
			'2 n8n processes (as queue-mode workers) × 4 executions at once × 50 users',
			server,
			{ itemCount: 50, executions: 4, processes: 2, idealSeconds: 400 / 30 },
		);
		return {
			title: 'W6 — executions running at the same time with one account, limit 30 req/s, 50 ms',
			targets:
				'one process: ≤ 1.15 × ideal, 429s under 5 % of requests; two processes: ≤ 1.25 × ideal; 0 failed',
			rows: [oneProcess, twoProcesses],
			pass: ([one, two]) =>
				ratioAtMost(1.15)(one) &&
				one.rateLimited < 0.05 * one.apiRequests &&
				ratioAtMost(1.25)(two) &&
				noneFailed(one) &&
				noneFailed(two),
		};
	},
	async W7() {
		const measured: Row[] = [];
		for (const latencyMs of [50, 150]) {
			measured.push(
				...(await rows(
					`node, default options, 200 users, ${latencyMs} ms, 3 runs 2 s apart in one process`,
					{ latencyMs, ratePerSecond: 30 },
					{ itemCount: 200, runs: 3, pauseBetweenRunsMs: 2000, idealSeconds: 200 / 30 },
				)),
			);
		}
		return {
			title: 'W7 — later runs in the same n8n process, limit 30 req/s',
			targets: 'runs after the first ≤ 1.05 × ideal; 0 failed',
			rows: measured,
			pass: (all) =>
				all.filter((r) => !r.label.endsWith('run 1')).every(ratioAtMost(1.05)) &&
				all.every(noneFailed),
		};
	},
};

/** How the server's per-second limit counts (test/support/rateLimiter.ts) and what its 429s carry. */
const LIMITERS: Array<{ name: string; limiter: ServerProcessOptions['limiter'] }> = [
	{ name: 'sliding window', limiter: { model: 'sliding', headers: false } },
	{
		name: 'sliding window, refused counted',
		limiter: { model: 'sliding', countRefused: true, headers: false },
	},
	{ name: 'fixed window on the clock', limiter: { model: 'fixed', headers: false } },
	{ name: 'token bucket', limiter: { model: 'bucket', headers: false } },
	{ name: 'sliding window + headers', limiter: { model: 'sliding', headers: true } },
	{
		name: 'sliding window, refused counted + headers',
		limiter: { model: 'sliding', countRefused: true, headers: true },
	},
	{ name: 'fixed window on the clock + headers', limiter: { model: 'fixed', headers: true } },
	{ name: 'token bucket + headers', limiter: { model: 'bucket', headers: true } },
];

/**
 * One cell of the limiter matrix: a first run in a fresh process and a later run 2 s after it, with
 * default options; its verdict against the targets, and the hand-tuned batching's time when given.
 */
async function matrixCell(
	cell: { line: 1 | 2; name: string; limiter: ServerProcessOptions['limiter'] },
	limit: number,
	users: number,
	latencyMs: number,
	baseline?: Row,
): Promise<Row[]> {
	const label = `${cell.line}.x, ${cell.name}, ${limit}/s, ${users} users, ${latencyMs} ms`;
	const [first, later] = await rows(
		label,
		{ latencyMs, ratePerSecond: limit, limiter: cell.limiter },
		{
			itemCount: users,
			runs: 2,
			pauseBetweenRunsMs: 2000,
			idealSeconds: users / limit,
			line: cell.line,
		},
	);
	const few429s = (r: Row) => r.rateLimited <= 0.05 * r.apiRequests;
	first.met =
		ratioAtMost(1.1)(first) &&
		few429s(first) &&
		noneFailed(first) &&
		(baseline === undefined || first.seconds <= baseline.seconds);
	later.met = ratioAtMost(1.05)(later) && few429s(later) && noneFailed(later);
	return baseline ? [first, later, baseline] : [first, later];
}

WORKLOADS.M = async () => {
	const measured: Row[] = [];
	for (const line of [2, 1] as const) {
		for (const { name, limiter } of LIMITERS) {
			// The hand-tuned HTTP Request batching (30 every 1.3 s) in the same cell, on the same line.
			const baseline = await row(
				`${line}.x, ${name}, baseline: HTTP Request node's Batching by hand, ${FIXED_BATCH_SIZE} every ${FIXED_BATCH_TUNED_INTERVAL_MS} ms`,
				{ latencyMs: 150, ratePerSecond: 30, limiter },
				{ variant: 'fixedBatchTuned', itemCount: 200, idealSeconds: 200 / 30, line },
			);
			measured.push(...(await matrixCell({ line, name, limiter }, 30, 200, 150, baseline)));
		}
	}
	for (const { name, limiter } of LIMITERS) {
		measured.push(...(await matrixCell({ line: 2, name, limiter }, 80, 200, 50)));
	}
	for (const { name, limiter } of [LIMITERS[1], LIMITERS[6]]) {
		measured.push(...(await matrixCell({ line: 2, name, limiter }, 4, 100, 150)));
	}
	measured.push(...(await matrixCell({ line: 2, ...LIMITERS[1] }, 30, 1000, 50)));
	return {
		title: 'M — the limiter matrix: how Zoom may count, and what its 429s may carry',
		targets:
			'every cell, default options: first run ≤ 1.10 × ideal and no slower than the hand-tuned batching in the same cell (where measured); the later run in the same process ≤ 1.05 ×; 429s ≤ 5 % of requests; 0 failed',
		rows: measured,
		pass: (all) => all.every((r) => r.met !== false),
	};
};

WORKLOADS.P = async () => {
	const measured: Row[] = [];
	for (const rate of [0.5, 2.5, 30]) {
		const items = Math.round(rate * 10) + 1;
		measured.push(
			await row(
				`Max Requests per Second = ${rate}, ${items} users`,
				{ latencyMs: 50 },
				{
					itemCount: items,
					options: { maxRequestsPerSecond: rate },
					// No refresh before the first request: the span is the pacing alone.
					freshToken: true,
				},
			),
		);
	}
	for (const r of measured) {
		// Requests per second from the first start to the last, as the server saw them arrive.
		r.paced = (r.apiRequests - 1) / r.spanSeconds!;
		const rate = Number(/= ([\d.]+)/.exec(r.label)![1]);
		r.met = Math.abs(r.paced / rate - 1) <= 0.02 && noneFailed(r);
	}
	return {
		title: 'P — pinned rates',
		targets:
			'Max Requests per Second 0.5, 2.5 and 30 paced within 2 % of exactly that (server-side arrivals, first to last); 0 failed',
		rows: measured,
		underTable: measured
			.map((r) => `${r.label}: ${r.paced!.toFixed(3)} requests per second.`)
			.join('\n\n'),
		pass: (all) => all.every((r) => r.met),
	};
};

function table(workload: Workload): string {
	const judged = workload.rows.some((r) => r.met !== undefined);
	const lines = [
		`### ${workload.title}`,
		'',
		`Target: ${workload.targets}. **${workload.passed ? 'Met' : 'NOT met'}.**`,
		'',
		`| run | items | wall time | ideal | × ideal | items/s | 429s seen | API requests | failed items | CPU ms/item | heap peak bytes/item | max RSS |${judged ? ' met |' : ''}`,
		`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${judged ? ':---:|' : ''}`,
	];
	for (const r of workload.rows) {
		const ideal = r.ratio ? `${(r.seconds / r.ratio).toFixed(2)} s` : '—';
		const met = r.met === undefined ? ' — |' : r.met ? ' yes |' : ' **no** |';
		lines.push(
			`| ${r.label} | ${r.items} | ${r.seconds.toFixed(2)} s | ${ideal} | ${r.ratio ? r.ratio.toFixed(3) : '—'} | ${(r.items / r.seconds).toFixed(1)} | ${r.rateLimited} | ${r.apiRequests} | ${r.failed} | ${r.cpuMsPerItem.toFixed(3)} | ${Math.round(r.heapBytesPerItem)} | ${r.maxRssMb.toFixed(0)} MB |${judged ? met : ''}`,
		);
	}
	for (const r of workload.rows.filter((r) => r.failed > 0 && r.error)) {
		lines.push('', `${r.label}, a failed item's error: "${r.error}"`);
	}
	if (workload.underTable) lines.push('', workload.underTable);
	return lines.join('\n');
}

async function main() {
	const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(WORKLOADS);
	const git = (...args: string[]) => {
		try {
			return execFileSync('git', args, { encoding: 'utf8' }).trim();
		} catch {
			return 'unknown';
		}
	};
	// Read before the workloads run: W1 rewrites the chart, a tracked file.
	const dirty =
		git('status', '--porcelain', '--untracked-files=no') !== ''
			? ' (with uncommitted changes)'
			: '';
	const results: Workload[] = [];
	for (const name of wanted) {
		console.log(`${name}…`);
		const workload = await WORKLOADS[name]();
		workload.passed = workload.pass(workload.rows);
		results.push(workload);
	}
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const report = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.ts); every number below was measured by that run, none typed in.',
		"The node runs in n8n-core's `WorkflowExecute` in fresh processes per row; the Zoom-compatible server",
		'(test/support/zoomServer.ts) runs in another process on 127.0.0.1 with the latency, per-second limit',
		'and faults each workload names. How Zoom counts its limit is not documented: W1–W7 count a sliding',
		'second without refused requests and send no `Retry-After` or `X-RateLimit-Limit`; M runs every model',
		'of test/support/rateLimiter.ts (sliding window with refused requests counted or not, fixed window on',
		'the clock, token bucket), each with and without those headers, on n8n 2.x and 1.x engines. The OAuth2',
		'credential starts with an expired access token, so every first run includes one token refresh.',
		'"Ideal" is items ÷ limit.',
		'',
		`Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${process.version}; ${os.platform()} ${os.release()}; commit ${git('rev-parse', '--short', 'HEAD')}${dirty}; ${new Date().toISOString()}.`,
		'',
		...results.map(table).flatMap((text) => [text, '']),
	].join('\n');
	if (wanted.length === Object.keys(WORKLOADS).length) {
		fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), report);
	}
	console.log(`\n${report}`);
	process.exitCode = results.every((r) => r.passed) ? 0 : 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
