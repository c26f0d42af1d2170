import path from 'node:path';

import { withoutNpmVariables, withPathFirst } from '../../../scripts/runtime/npm';

describe('the environment of a nested npm', () => {
	it('drops every variable npm set for the script that started it, ignore-scripts above all', () => {
		const inherited = {
			PATH: '/usr/bin',
			HOME: '/home/me',
			npm_config_ignore_scripts: 'true',
			NPM_CONFIG_NODEDIR: '/usr',
			npm_lifecycle_event: 'test:e2e',
			npm_package_name: 'n8n-nodes-zoom-user-token',
			npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
			INIT_CWD: '/work',
			NODE: '/usr/bin/node',
			NODE_OPTIONS: '--max-old-space-size=4096',
		};
		expect(withoutNpmVariables(inherited)).toEqual({
			PATH: '/usr/bin',
			HOME: '/home/me',
			NODE_OPTIONS: '--max-old-space-size=4096',
		});
	});

	it('puts the runtime Node first on PATH, under whichever spelling of the key the platform uses', () => {
		expect(withPathFirst({ PATH: '/usr/bin' }, '/cache/node/bin').PATH).toBe(
			['/cache/node/bin', '/usr/bin'].join(path.delimiter),
		);
		expect(withPathFirst({ Path: 'C:\\Windows' }, 'C:\\cache\\node\\bin')).toEqual({
			Path: ['C:\\cache\\node\\bin', 'C:\\Windows'].join(path.delimiter),
		});
	});
});
