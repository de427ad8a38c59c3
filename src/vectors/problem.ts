/**
 * A problem found in a vector file: where (a JSON path such as `groups[0].tests[3].key`) and
 * what, already prefixed with the test's `tcId` when it concerns one test. The loader turns
 * each into a `ConfigError` naming the file.
 */
export interface Problem {
  readonly path?: string;
  readonly message: string;
}

export { childPath } from '../core/json-schema-errors.js';
