/**
 * `npm run test:e2e`: the real-n8n suites, each in its own process, on every n8n line the package
 * supports — one n8n process (e2e/run.ts) and queue mode (e2e/queue.ts) — each n8n installed from
 * nothing by the runtime installer when its cache is empty.
 *
 *   --n8n=1 | --n8n=2   one line only (default: both)
 *   --queue | --single  queue mode only | one n8n process only (default: both)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { N8N_LINES } from '../scripts/n8nRuntime';

const argv = process.argv.slice(2);
const line = argv.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length);
const lines = line ? [line.split('.')[0]] : Object.keys(N8N_LINES).sort().reverse();
const suites = argv.includes('--queue')
	? ['queue']
	: argv.includes('--single')
		? ['run']
		: ['run', 'queue'];

const outcomes: string[] = [];
for (const wanted of lines) {
	for (const suite of suites) {
		const label = `n8n ${N8N_LINES[wanted]?.version ?? wanted} ${suite === 'queue' ? 'queue mode' : 'one process'}`;
		console.log(`\n=== ${label}`);
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', path.join(__dirname, `${suite}.ts`), `--n8n=${wanted}`],
			{ stdio: 'inherit' },
		);
		outcomes.push(`${run.status === 0 ? 'passed' : 'FAILED'}: ${label}`);
	}
}
console.log(`\n${outcomes.join('\n')}`);
process.exit(outcomes.every((outcome) => outcome.startsWith('passed')) ? 0 : 1);
