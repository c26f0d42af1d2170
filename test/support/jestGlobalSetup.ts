import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One n8n user folder for the whole jest run (n8n-core keeps instance files there), made before the
 * workers start so they inherit it, and removed by jestGlobalTeardown.ts: a run leaves nothing behind.
 */
export default function globalSetup(): void {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-zoom-user-token-jest-'));
}
