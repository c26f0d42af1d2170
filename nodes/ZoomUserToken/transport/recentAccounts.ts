/** Accounts a per-account map of this process keeps at once: the one used longest ago goes first. */
const MAX_ACCOUNTS = 100;

/**
 * Stores `value` under `key` as the most recently used entry of a per-account map, and drops the
 * entry used longest ago beyond MAX_ACCOUNTS (a Map iterates in insertion order).
 */
export function rememberRecent<K, V>(map: Map<K, V>, key: K, value: V): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > MAX_ACCOUNTS) map.delete(map.keys().next().value!);
}
