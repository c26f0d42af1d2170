import type { ICredentialTestFunctions } from 'n8n-workflow';

import { testMeetingSdkCredential } from '../../../../nodes/ZoomUserToken/methods/credentialTest';

/** The Meeting SDK credential's Test, as n8n's credential tester calls it (testedBy). */
describe('Zoom Meeting SDK API credential Test', () => {
	const test = async (data: Record<string, string>) =>
		await testMeetingSdkCredential.call({} as ICredentialTestFunctions, {
			id: 'sdk',
			name: 'Zoom Meeting SDK',
			type: 'zoomMeetingSdkApi',
			data,
		});

	it('passes a filled-in pair, saying that Zoom checks it only when the SDK joins', async () => {
		expect(await test({ clientId: 'sdk-id', clientSecret: 'sdk-secret' })).toEqual({
			status: 'OK',
			message: expect.stringMatching(/only when the Meeting SDK joins/),
		});
	});

	it.each([
		[{ clientId: '', clientSecret: 'sdk-secret' }, /has no Client ID\./],
		[{ clientId: 'sdk-id', clientSecret: '  ' }, /has no Client Secret\./],
		[{ clientId: 'sdk id', clientSecret: 'sdk-secret' }, /has a space in it/],
		[{ clientId: 'sdk-id', clientSecret: 'sdk-id' }, /Client ID pasted twice/],
	])('refuses %p with what to fix, never quoting the secret', async (data, message) => {
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).toMatch(/Embed → Meeting SDK/);
		if (data.clientSecret.trim() !== '') expect(result.message).not.toContain(data.clientSecret);
	});
});
