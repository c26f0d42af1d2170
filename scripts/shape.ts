/**
 * The shipped code's shape, measured with the TypeScript compiler API: non-blank lines in nodes/ and
 * credentials/, import cycles (type imports included) and functions longer than 60 lines.
 * `npm run shape` (part of `npm test`) prints the figures; with `--check` it fails when one is
 * beyond its bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const MAX_LINES = 2400;
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Relative imports of a file, as absolute .ts paths (an `./x` may be `./x.ts` or `./x/index.ts`). */
function importsOf(file: string, source: ts.SourceFile): string[] {
	const targets: string[] = [];
	for (const statement of source.statements) {
		if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
		const specifier = statement.moduleSpecifier;
		if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
		const base = resolve(dirname(file), specifier.text);
		targets.push(
			[`${base}.ts`, join(base, 'index.ts')].find((path) => files.includes(path)) ?? base,
		);
	}
	return targets;
}

/** Every function, method and arrow function longer than the bound, with its length. */
function longFunctions(source: ts.SourceFile): Array<[string, number]> {
	const found: Array<[string, number]> = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const { line: start } = source.getLineAndCharacterOfPosition(node.getStart(source));
			const { line: end } = source.getLineAndCharacterOfPosition(node.getEnd());
			const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
			if (end - start + 1 > MAX_FUNCTION_LINES) found.push([name, end - start + 1]);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

const files = ['nodes', 'credentials'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
const graph = new Map<string, string[]>();
let lines = 0;
const tooLong: string[] = [];
for (const file of files) {
	const text = readFileSync(file, 'utf8');
	lines += text.split('\n').filter((line) => line.trim() !== '').length;
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	graph.set(file, importsOf(file, source));
	for (const [name, length] of longFunctions(source))
		tooLong.push(`${relative(ROOT, file)}: ${name} (${length} lines)`);
}

// A cycle: a file reached again from itself along the imports (depth-first, each cycle once).
const cycles: string[] = [];
const state = new Map<string, 'open' | 'done'>();
const walk = (file: string, path: string[]) => {
	state.set(file, 'open');
	for (const target of graph.get(file) ?? []) {
		if (state.get(target) === 'open') {
			const cycle = [...path.slice(path.indexOf(target)), target];
			cycles.push(cycle.map((step) => relative(ROOT, step)).join(' → '));
		} else if (!state.has(target)) walk(target, [...path, target]);
	}
	state.set(file, 'done');
};
for (const file of files) if (!state.has(file)) walk(file, [file]);

console.log(
	`shape: ${lines} non-blank lines in nodes/ and credentials/ (${files.length} files; at most ${MAX_LINES}), ` +
		`${cycles.length} import cycles, ${tooLong.length} functions over ${MAX_FUNCTION_LINES} lines`,
);
for (const line of [...cycles, ...tooLong]) console.log(`  ${line}`);
const beyond = lines > MAX_LINES || cycles.length > 0 || tooLong.length > 0;
if (beyond && process.argv.includes('--check')) process.exitCode = 1;
