/**
 * Helpers for a running n8n, shared by the end-to-end suite and the screenshot tool: a free port, the
 * wait until it is ready, and an owner session for the editor's REST API.
 */
import net from 'node:net';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Resolves once `url` answers 2xx; rejects after `seconds`. */
export async function waitFor(url: string, seconds: number): Promise<void> {
	const until = Date.now() + seconds * 1000;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`${url} not ready after ${seconds} s`);
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/**
 * The session cookie (`name=value`) of the instance owner, set up on first call and signed in after:
 * the editor's endpoints, /types included, need a signed-in user. n8n binds a session to the
 * `browser-id` header it was made with.
 */
export async function ownerSession(base: string, owner: Owner, browserId: string): Promise<string> {
	// n8n 1.x reports ready before it mounts its REST API (2.x after): wait until that answers.
	await waitFor(`${base}/rest/settings`, 60);
	const post = async (path: string, body: object) =>
		await fetch(`${base}${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify(body),
		});
	let response = await post('/rest/owner/setup', owner);
	if (!response.ok)
		response = await post('/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	const cookie = response.headers.get('set-cookie');
	if (!cookie) throw new Error(`no session: HTTP ${response.status} ${await response.text()}`);
	return cookie.split(';')[0];
}
