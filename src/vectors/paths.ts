/**
 * Where the project's vector files live: below the project root, which `core/paths.ts` finds
 * from the module's own location (from src/ under vitest and from dist/src/ after a build).
 */
import { projectPath } from '../core/paths.js';

/** The project's own vector files. */
export const DEFAULT_VECTORS_DIR = projectPath('vectors');

/** The JSON Schema every vector file is checked against. */
export const VECTOR_SCHEMA_PATH = projectPath('vectors', 'schema', 'vector-file.schema.json');
