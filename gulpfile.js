const { task, src, dest } = require('gulp');

// n8n loads icons from beside the compiled node and credential files, and tsc does not copy them.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
