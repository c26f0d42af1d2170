import { rememberRecent } from '../../../../nodes/ZoomUserToken/transport/recentAccounts';

describe('rememberRecent', () => {
	it('keeps the 100 accounts used most recently, dropping the one used longest ago', () => {
		const map = new Map<string, number>();
		for (let index = 0; index < 100; index++) rememberRecent(map, `account-${index}`, index);
		// Used again: account-0 is now the newest, so account-1 goes when the 101st arrives.
		rememberRecent(map, 'account-0', 1000);
		rememberRecent(map, 'account-100', 100);
		expect(map.size).toBe(100);
		expect(map.get('account-0')).toBe(1000);
		expect(map.has('account-1')).toBe(false);
		expect([...map.keys()].slice(-2)).toEqual(['account-0', 'account-100']);
	});
});
