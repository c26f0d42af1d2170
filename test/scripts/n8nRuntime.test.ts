import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { gist, N8N_VERSION, runtimeProblems, type N8nRuntime } from '../../scripts/n8nRuntime';

/**
 * How the installer tells a working cached n8n from a broken one, on stand-in runtimes: a folder
 * laid out like the real one, whose sqlite3 and CLI behave as a working or a broken install does.
 * (That it repairs a real cache is shown by .ci/run, which breaks sqlite3 in a fresh cache before the
 * end-to-end suite.)
 */
describe('checking a cached n8n before using it', () => {
	let folder: string;
	let runtime: N8nRuntime;

	function write(file: string, text: string): void {
		fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
		fs.writeFileSync(path.join(folder, file), text);
	}

	beforeEach(() => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zoom-user-token-runtime-'));
		runtime = {
			folder,
			cli: path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
			node: process.execPath,
		};
		write('node_modules/n8n/package.json', '{"name":"n8n"}');
		write('node_modules/n8n/bin/n8n', `console.log(${JSON.stringify(N8N_VERSION)});`);
		write('node_modules/sqlite3/package.json', '{"name":"sqlite3","main":"index.js"}');
		write('node_modules/sqlite3/index.js', 'exports.Database = class { close() {} };');
	});
	afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

	it('finds nothing wrong with a working runtime', () => {
		expect(runtimeProblems(runtime)).toEqual([]);
	});

	it('notices a native module that was never built', () => {
		write(
			'node_modules/sqlite3/index.js',
			"throw new Error('Could not locate the bindings file. Tried: build/Release/node_sqlite3.node');",
		);
		expect(runtimeProblems(runtime)).toEqual([
			expect.stringMatching(
				/^sqlite3's native module does not load \(Error: Could not locate the bindings file/,
			),
		]);
	});

	it('notices an interrupted install: files missing behind a marker', () => {
		fs.rmSync(path.join(folder, 'node_modules', 'n8n'), { recursive: true });
		expect(runtimeProblems(runtime)).toEqual([expect.stringMatching(/n8n CLI is missing/)]);
	});

	it('notices a CLI that fails or is another version', () => {
		write('node_modules/n8n/bin/n8n', "throw new Error('Cannot find module @n8n/config');");
		expect(runtimeProblems(runtime)).toEqual([
			expect.stringMatching(/n8n --version fails \(Error: Cannot find module @n8n\/config\)/),
		]);
		write('node_modules/n8n/bin/n8n', "console.log('1.0.0');");
		expect(runtimeProblems(runtime)).toEqual([
			`n8n --version answered "1.0.0", not ${N8N_VERSION}`,
		]);
	});

	it('says in one line what a failed command printed', () => {
		const nodeCrash = [
			'/x/node_modules/bindings/bindings.js:126',
			'  throw err;',
			'  ^',
			'',
			'Error: Could not locate the bindings file. Tried:',
			' → /x/build/node_sqlite3.node',
			'    at bindings (/x/bindings.js:117:9)',
			'{',
			"  tries: [ '/x' ]",
			'}',
			'',
			'Node.js v24.22.3',
		].join('\n');
		expect(gist(nodeCrash)).toBe('Error: Could not locate the bindings file. Tried:');
		expect(gist('plain last line')).toBe('plain last line');
		expect(gist('')).toBe('no output');
	});
});
