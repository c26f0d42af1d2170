import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { connectToZoom, DEFAULT_TIMEOUT_SECONDS, zoomApiRequest } from '../transport';

interface ZoomUser {
	id: string;
	email?: string;
	first_name?: string;
	last_name?: string;
	display_name?: string;
}

interface ZoomUserPage {
	users?: ZoomUser[];
	next_page_token?: string;
}

// Zoom's largest page; fewer round trips when the typed text filters most users out.
const PAGE_SIZE = 300;
// Pages read per call while the filter matches too few users to fill the picker.
const MAX_PAGES_PER_CALL = 5;
const ENOUGH_RESULTS = 50;

function userName(user: ZoomUser): string {
	const name = user.display_name || [user.first_name, user.last_name].filter(Boolean).join(' ');
	return String(name && user.email ? `${name} (${user.email})` : name || user.email || user.id);
}

/** Zoom's page of users, checked: a gateway or proxy can answer anything. */
function readUserPage(context: ILoadOptionsFunctions, answer: unknown) {
	const page = (answer ?? {}) as ZoomUserPage;
	const [users, nextPageToken] = [page.users ?? [], page.next_page_token ?? ''];
	if (
		typeof answer === 'object' &&
		answer !== null &&
		Array.isArray(users) &&
		users.every((user) => typeof user?.id === 'string') &&
		typeof nextPageToken === 'string'
	)
		return { users, nextPageToken };
	throw new NodeOperationError(
		context.getNode(),
		"Zoom's list of users did not come in the expected form",
		{
			description:
				"The answer to GET /users had no list of users with IDs. If the credential's Environment is Custom, check that its API Base URL points at the Zoom API. Meanwhile, enter the user By ID or By Email.",
		},
	);
}

/**
 * The account's users for the User picker, filtered on the typed text by name or email.
 * Zoom's `GET /users` cannot filter, so pages are read and filtered here, several per call when few match.
 */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const connection = await connectToZoom.call(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const matches = (text: string) => needle === '' || text.toLowerCase().includes(needle);

	const results: INodeListSearchItems[] = [];
	if (!paginationToken && matches('me')) {
		// For a Server-to-Server app nobody connects anything: Zoom takes "me" as the app's owner.
		const me =
			connection.authentication === 'oAuth2'
				? 'the user who connected the credential'
				: 'the app’s owner';
		results.push({ name: `Me (${me})`, value: 'me' });
	}

	let pageToken = paginationToken;
	for (let page = 0; page < MAX_PAGES_PER_CALL; page++) {
		const response = readUserPage(
			this,
			await zoomApiRequest.call(this, connection, {
				path: ['users'],
				qs: { page_size: PAGE_SIZE, ...(pageToken && { next_page_token: pageToken }) },
				timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
			}),
		);
		for (const user of response.users) {
			const name = userName(user);
			if (matches(name) || matches(user.id)) results.push({ name, value: user.id });
		}
		pageToken = response.nextPageToken || undefined;
		if (!pageToken || results.length >= ENOUGH_RESULTS) break;
	}
	return { results, paginationToken: pageToken };
}
