import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	readSdkApp,
	SDK_CREDENTIAL_ADVICE,
} from '../actions/meetingSdk/generateSignature.operation';

/**
 * The Zoom Meeting SDK API credential's Test. Zoom has no endpoint that checks a Meeting SDK app's
 * keys, so the Test checks what can be checked here (both filled in, nothing pasted wrongly) and
 * says plainly that Zoom checks the pair only when the SDK joins.
 */
export async function testMeetingSdkCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const read = readSdkApp(credential.data ?? {});
	if ('problem' in read)
		return { status: 'Error', message: `${read.problem}. ${SDK_CREDENTIAL_ADVICE}` };
	return {
		status: 'OK',
		message:
			'Client ID and Client Secret are filled in. Zoom checks them only when the Meeting SDK joins: a wrong pair shows there as "Signature is invalid".',
	};
}
