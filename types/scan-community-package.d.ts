// n8n's community-package scanner ships as plain ESM without types; this is the part scripts/scan.ts uses.
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export const SOURCE_FILE_PATTERNS: string[];
	export function analyzePackage(
		directory: string,
		patterns: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
	export function buildScanConfig(): Promise<unknown[]>;
}
