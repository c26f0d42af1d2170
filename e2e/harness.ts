/**
 * What the end-to-end suites share: named checks that count passes and failures, the n8n CLI that
 * fails loudly, and the run of a suite in a work folder kept only when something failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as runtime from '../scripts/n8nRuntime';

/** Set to keep the work folder (n8n's data, logs, snapshots) of a passing run too. */
const KEEP_WORK = process.env.ZOOM_USER_TOKEN_KEEP_E2E === '1';
/**
 * Set by e2e/all.ts: a file each failure is appended to, so that the summary at the end of a long
 * run (all that a CI log's tail may show) names what failed and why.
 */
const FAILURES_FILE = process.env.ZOOM_USER_TOKEN_E2E_FAILURES;
const results = { passed: 0, failed: 0 };

export async function check(name: string, fn: () => unknown): Promise<void> {
	try {
		await fn();
		results.passed++;
		console.log(`  ✓ ${name}`);
	} catch (error) {
		fail(`✗ ${name}`, (error as Error).message);
	}
}

function fail(what: string, why: string): void {
	results.failed++;
	const text = `  ${what}\n      ${String(why).split('\n').join('\n      ')}`;
	console.log(text);
	// The summary keeps a few lines of each: a CI log may show no more than its last screen.
	const brief = text
		.split('\n')
		.slice(0, 6)
		.map((line) => line.slice(0, 300));
	if (FAILURES_FILE) fs.appendFileSync(FAILURES_FILE, `${brief.join('\n')}\n`);
}

export function failedChecks(): number {
	return results.failed;
}

/** The n8n CLI; any command but `execute*` must succeed. */
export async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<runtime.CliResult> {
	const result = await runtime.n8nCli(args, env);
	if (result.code !== 0 && !args[0].startsWith('execute')) {
		throw new Error(
			`n8n ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-2000)}${result.stdout.slice(-2000)}`,
		);
	}
	return result;
}

/** n8n 2.x publishes a workflow's current version; 1.x activates it. */
export async function activateWorkflow(id: string, env: NodeJS.ProcessEnv): Promise<void> {
	await cli(
		runtime.N8N_VERSION.startsWith('1.')
			? ['update:workflow', `--id=${id}`, '--active=true']
			: ['publish:workflow', `--id=${id}`],
		env,
	);
}

/** Runs a suite in a fresh work folder; prints "N passed, M failed" and exits accordingly. */
export function runSuite(name: string, suite: (work: string) => Promise<void>): void {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `zoom-user-token-${name}-`));
	suite(work)
		.catch((error: unknown) => {
			console.error(error);
			fail(`✗ the ${name} suite stopped`, (error as Error)?.stack ?? String(error));
		})
		.finally(() => {
			// A failed run's folder (n8n's data, snapshots, logs) is kept to look into; a passing one is not.
			if (results.failed > 0 || KEEP_WORK) console.log(`work folder kept: ${work}`);
			else fs.rmSync(work, { recursive: true, force: true });
			console.log(`${results.passed} passed, ${results.failed} failed`);
			process.exit(results.failed > 0 ? 1 : 0);
		});
}
