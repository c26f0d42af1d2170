/**
 * `npm run test:e2e`: the real-n8n suites, each in its own process, on every n8n line the package
 * supports — one n8n process (e2e/run.ts), queue mode (e2e/queue.ts) and the editor in a real browser
 * (e2e/editor.ts) — each n8n installed from nothing by the runtime installer when its cache is empty.
 *
 *   --n8n=1 | --n8n=2             one line only (default: both)
 *   --single | --queue | --editor  only those suites (default: all three)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { N8N_LINES } from '../scripts/n8nRuntime';

const argv = process.argv.slice(2);
const line = argv.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length);
const lines = line ? [line.split('.')[0]] : Object.keys(N8N_LINES).sort().reverse();
const SUITES = { single: 'run', queue: 'queue', editor: 'editor' } as const;
const LABELS: Record<string, string> = {
	run: 'one process',
	queue: 'queue mode',
	editor: 'editor',
};
const picked = Object.entries(SUITES).filter(([flag]) => argv.includes(`--${flag}`));
const suites = (picked.length > 0 ? picked : Object.entries(SUITES)).map(([, suite]) => suite);

// Each suite appends its failed checks here (e2e/harness.ts); they are repeated at the end.
const failuresFile = path.join(
	fs.mkdtempSync(path.join(os.tmpdir(), 'zoom-user-token-e2e-')),
	'failures',
);
const outcomes: string[] = [];
for (const wanted of lines) {
	for (const suite of suites) {
		const label = `n8n ${N8N_LINES[wanted]?.version ?? wanted} ${LABELS[suite]}`;
		console.log(`\n=== ${label}`);
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', path.join(__dirname, `${suite}.ts`), `--n8n=${wanted}`],
			{ stdio: 'inherit', env: { ...process.env, ZOOM_USER_TOKEN_E2E_FAILURES: failuresFile } },
		);
		const failures = fs.existsSync(failuresFile) ? fs.readFileSync(failuresFile, 'utf8') : '';
		fs.rmSync(failuresFile, { force: true });
		outcomes.push(
			run.status === 0
				? `passed: ${label}`
				: `FAILED: ${label}${run.signal ? ` (killed by ${run.signal})` : ''}\n${failures.trimEnd()}`,
		);
	}
}
fs.rmSync(path.dirname(failuresFile), { recursive: true, force: true });
console.log(`\n${outcomes.join('\n')}`);
process.exit(outcomes.every((outcome) => outcome.startsWith('passed')) ? 0 : 1);
