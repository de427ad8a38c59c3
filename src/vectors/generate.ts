/**
 * Writes the generated boundary files, vectors/<standard>/<standard>_boundary_test.json, from
 * the fixed seed. Run after a build: `npm run build && node dist/src/vectors/generate.js`.
 * The same seed and implementation versions give the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { boundaryFiles } from './boundary.js';
import { DEFAULT_VECTORS_DIR } from './paths.js';
import { serializeVectorFile } from './vector-file.js';

for (const { path, json } of await boundaryFiles()) {
  const target = join(DEFAULT_VECTORS_DIR, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, serializeVectorFile(json));
  console.log(`${path}: ${json.numberOfTests} tests`);
}
