// Cross-platform `rm -rf dist`, so a build never ships files whose sources were deleted.
import fs from 'node:fs';
import path from 'node:path';

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
