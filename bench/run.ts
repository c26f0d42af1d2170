/**
 * `npm run bench`: the node against the suite's Zoom-compatible server, in n8n-core's engine, with
 * Zoom-like latency, per-second limits and faults. Each measurement runs in a fresh process (and the
 * server in another), so CPU time and memory are the node's own. Writes BENCHMARKS.md and prints it.
 *
 *   npm run bench               all workloads
 *   npm run bench -- W1 W3      some of them
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Measurement } from './runner';
import type { ServerProcessOptions } from './zoomServerProcess';

// Children run TypeScript through tsx, as this process does.
const TSX = ['--import', 'tsx'];
const servers = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of servers) child.kill();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC messages are plain JSON
type Message = any;

function startServer(
	options: ServerProcessOptions,
): Promise<{ info: Measurement['server']; stats: () => Promise<Message>; close: () => void }> {
	const child = fork(path.join(__dirname, 'zoomServerProcess.ts'), [], {
		execArgv: TSX,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	servers.add(child);
	child.on('exit', () => servers.delete(child));
	return new Promise((resolve) => {
		child.once('message', (info: Message) => {
			const ask = () =>
				new Promise<Message>((answer) => {
					child.once('message', answer);
					child.send('stats');
				});
			resolve({ info, stats: ask, close: () => child.send('close') });
		});
		child.send(options);
	});
}

function measure(
	server: Measurement['server'],
	variant: Measurement['variant'],
	itemCount: number,
	options: Measurement['options'] = {},
) {
	const measurement: Measurement = { server, variant, itemCount, options };
	const output = execFileSync(
		process.execPath,
		[...TSX, '--expose-gc', path.join(__dirname, 'runner.ts'), JSON.stringify(measurement)],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	return JSON.parse(output.trim().split('\n').pop()!) as Message;
}

interface Row {
	label: string;
	seconds: number;
	itemsPerSecond: number;
	rateLimited: number;
	apiRequests: number;
	failed: number;
	ratio?: number;
	cpuMsPerItem: number;
	heapBytesPerItem: number;
	maxRssMb: number;
	error?: string;
}

interface Workload {
	title: string;
	ideal?: number;
	targets: string;
	rows: Row[];
	pass: (rows: Row[]) => boolean;
	passed?: boolean;
}

/** Runs one measurement against a fresh server and returns its row. */
async function row(
	label: string,
	serverOptions: ServerProcessOptions,
	variant: Measurement['variant'],
	itemCount: number,
	options: Measurement['options'],
	idealSeconds?: number,
): Promise<Row> {
	const server = await startServer({ ...serverOptions, userCount: itemCount });
	const result = measure(server.info, variant, itemCount, options);
	const { stats, apiRequests } = await server.stats();
	server.close();
	const seconds = result.wallMs / 1000;
	const measured: Row = {
		label,
		seconds,
		itemsPerSecond: itemCount / seconds,
		rateLimited: stats.rateLimited,
		apiRequests,
		failed: result.failed,
		ratio: idealSeconds ? seconds / idealSeconds : undefined,
		cpuMsPerItem: result.cpuMs / itemCount,
		heapBytesPerItem: result.heapPeakDeltaBytes / itemCount,
		maxRssMb: result.maxRssBytes / 1024 / 1024,
		error: result.error ?? result.sampleError,
	};
	console.log(
		`  ${label}: ${seconds.toFixed(1)} s, ${measured.itemsPerSecond.toFixed(1)} items/s, ${stats.rateLimited} × 429, ${result.failed} failed${measured.ratio ? `, ${measured.ratio.toFixed(3)} × ideal` : ''}`,
	);
	return measured;
}

const WORKLOADS: Record<string, () => Promise<Workload>> = {
	async W1() {
		const server = { latencyMs: 50, ratePerSecond: 30 };
		const ideal = 1000 / 30;
		return {
			title: 'W1 — 1,000 users, 50 ms latency, limit 30 req/s',
			ideal,
			targets:
				'default options ≤ 1.25 × ideal; Max Requests per Second = 30 ≤ 1.10 × ideal; 0 failed',
			rows: [
				await row('node, default options', server, 'node', 1000, {}, ideal),
				await row(
					'node, Max Requests per Second = 30',
					server,
					'node',
					1000,
					{ maxRequestsPerSecond: 30 },
					ideal,
				),
			],
			pass: (rows) =>
				rows[0].ratio! <= 1.25 && rows[1].ratio! <= 1.1 && rows.every((r) => r.failed === 0),
		};
	},
	async W2() {
		const server = { latencyMs: 200, ratePerSecond: 30 };
		const ideal = 1000 / 30;
		const rows = [
			await row('node, default options', server, 'node', 1000, {}, ideal),
			await row('baseline: one request at a time', server, 'oneAtATime', 1000, {}, ideal),
			await row('baseline: all requests at once', server, 'allAtOnce', 1000, {}, ideal),
		];
		return {
			title: 'W2 — 1,000 users, 200 ms latency, limit 30 req/s, against two baselines',
			ideal,
			targets: 'node ≥ 4 × the one-at-a-time baseline’s items/s; 0 failed where all-at-once fails',
			rows,
			pass: () => rows[0].itemsPerSecond >= 4 * rows[1].itemsPerSecond && rows[0].failed === 0,
		};
	},
	async W3() {
		const server = { ratePerSecond: 4, faults: { rate5xx: 0.1 }, seed: 11 };
		const ideal = 200 / 4;
		return {
			title: 'W3 — 200 users, limit 4 req/s (Free), 10 % random 5xx',
			ideal,
			targets: '0 failed items with default options',
			rows: [await row('node, default options', server, 'node', 200, {}, ideal)],
			pass: (rows) => rows[0].failed === 0,
		};
	},
	async W4() {
		const server = {};
		const rows = [
			// No limit to find: the rate is pinned high so the run measures the node's own overhead.
			await row('node, Max Requests per Second = 100000', server, 'node', 10_000, {
				maxRequestsPerSecond: 100_000,
			}),
			await row('baseline: one request at a time', server, 'oneAtATime', 10_000, {}),
		];
		return {
			title: 'W4 — 10,000 users, no latency, no limit: overhead per item',
			targets: 'node’s CPU time per item ≤ the one-at-a-time baseline’s',
			rows,
			pass: () => rows[0].cpuMsPerItem <= rows[1].cpuMsPerItem,
		};
	},
};

function table(workload: Workload): string {
	const lines = [
		`### ${workload.title}`,
		'',
		`Target: ${workload.targets}.${workload.ideal ? ` Ideal: ${workload.ideal.toFixed(1)} s.` : ''} **${workload.passed ? 'Met' : 'NOT met'}.**`,
		'',
		'| run | wall time | items/s | 429s seen | API requests | failed items | × ideal | CPU ms/item | heap peak bytes/item | max RSS |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of workload.rows) {
		lines.push(
			`| ${r.label} | ${r.seconds.toFixed(2)} s | ${r.itemsPerSecond.toFixed(1)} | ${r.rateLimited} | ${r.apiRequests} | ${r.failed} | ${r.ratio ? r.ratio.toFixed(3) : '—'} | ${r.cpuMsPerItem.toFixed(3)} | ${Math.round(r.heapBytesPerItem)} | ${r.maxRssMb.toFixed(0)} MB |`,
		);
	}
	const errors = workload.rows.filter((r) => r.failed > 0 && r.error);
	for (const r of errors) lines.push('', `${r.label}, a failed item's error: "${r.error}"`);
	return lines.join('\n');
}

async function main() {
	const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(WORKLOADS);
	const results: Workload[] = [];
	for (const name of wanted) {
		console.log(`${name}…`);
		const workload = await WORKLOADS[name]();
		workload.passed = workload.pass(workload.rows);
		results.push(workload);
	}
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const commit = (() => {
		try {
			return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		} catch {
			return 'unknown';
		}
	})();
	const report = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.ts); every number below was measured by that run, none typed in.',
		"The node runs in n8n-core's `WorkflowExecute` in a fresh process per row; the Zoom-compatible server",
		'(test/support/zoomServer.ts) runs in another process on 127.0.0.1 with the latency, per-second limit',
		'(sliding one-second window) and faults each workload names. The OAuth2 credential starts with an',
		'expired access token, so every run includes one token refresh. "Ideal" is items ÷ limit.',
		'',
		`Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${process.version}; ${os.platform()} ${os.release()}; commit ${commit}; ${new Date().toISOString()}.`,
		'',
		...results.map(table).flatMap((text) => [text, '']),
	].join('\n');
	if (wanted.length === Object.keys(WORKLOADS).length)
		fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), report);
	console.log(`\n${report}`);
	process.exitCode = results.every((r) => r.passed) ? 0 : 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
