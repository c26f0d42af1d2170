/**
 * The bench's one picture: requests Zoom accepted per second over time, one line per contender, and
 * the account's limit as a dashed line. Plain SVG, so BENCHMARKS.md shows it on GitHub and npm.
 */
export interface ChartSeries {
	label: string;
	/** Accepted requests in each half second from the run's start. */
	values: number[];
}

const WIDTH = 760;
const HEIGHT = 360;
const PLOT = { left: 56, right: 20, top: 44, bottom: 96 };
const COLOURS = ['#2d8cff', '#e8710a', '#7b8794'];

const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rateChart(
	series: ChartSeries[],
	{ limit, title }: { limit: number; title: string },
) {
	const seconds = Math.max(1, ...series.map((s) => s.values.length / 2));
	// Room for the limit and for every burst (a half second's count, doubled), in steps of ten.
	const highest = Math.max(
		limit * 1.5,
		...series.flatMap((s) => s.values.map((count) => count * 2)),
	);
	const top = Math.ceil(highest / 10) * 10;
	const plotWidth = WIDTH - PLOT.left - PLOT.right;
	const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
	const x = (second: number) => PLOT.left + (second / seconds) * plotWidth;
	const y = (rate: number) => PLOT.top + plotHeight - (rate / top) * plotHeight;
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
		`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
		`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
	];
	const step = top > 100 ? 20 : 10;
	for (let rate = 0; rate <= top; rate += step) {
		parts.push(
			`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(rate)}" y2="${y(rate)}" stroke="#eee"/>`,
			`<text x="${PLOT.left - 6}" y="${y(rate) + 4}" text-anchor="end">${rate}</text>`,
		);
	}
	for (let second = 0; second <= seconds; second++) {
		parts.push(
			`<text x="${x(second)}" y="${PLOT.top + plotHeight + 16}" text-anchor="middle">${second}</text>`,
		);
	}
	parts.push(
		`<text x="${PLOT.left + plotWidth / 2}" y="${PLOT.top + plotHeight + 34}" text-anchor="middle">seconds from the start of the run</text>`,
		`<text transform="translate(16 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">requests Zoom accepted per second</text>`,
		`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(limit)}" y2="${y(limit)}" stroke="#c00" stroke-dasharray="6 4"/>`,
		`<text x="${WIDTH - PLOT.right}" y="${y(limit) - 6}" text-anchor="end" fill="#c00">Zoom's limit: ${limit} req/s</text>`,
	);
	series.forEach((s, k) => {
		// Each half second's count, doubled: requests per second, drawn as steps.
		const points = s.values.flatMap((count, half) => [
			`${x(half / 2).toFixed(1)},${y(count * 2).toFixed(1)}`,
			`${x((half + 1) / 2).toFixed(1)},${y(count * 2).toFixed(1)}`,
		]);
		parts.push(
			`<polyline fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="2" points="${points.join(' ')}"/>`,
			`<line x1="${PLOT.left + k * 240}" x2="${PLOT.left + k * 240 + 24}" y1="${HEIGHT - 22}" y2="${HEIGHT - 22}" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="3"/>`,
			`<text x="${PLOT.left + k * 240 + 30}" y="${HEIGHT - 18}">${escape(s.label)}</text>`,
		);
	});
	parts.push('</svg>', '');
	return parts.join('\n');
}
