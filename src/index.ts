/**
 * bothends as a library: run a plan, load vectors, render a report, from a vendor's own test
 * suite without the CLI. Everything here is also what the `bothends` command uses.
 *
 * ```ts
 * import { runSuite, DEFAULT_ADAPTERS, STANDARDS, loadVectorDir, DEFAULT_VECTORS_DIR, renderMarkdown } from 'bothends';
 * const vectors = loadVectorDir(DEFAULT_VECTORS_DIR);
 * const report = await runSuite({ standards: STANDARDS.filter((s) => s.id === 'aes-gcm'), adapters: [...DEFAULT_ADAPTERS, myAdapter], vectors: vectors.files, seed: 'ci' });
 * expect(report.summary.unexpected).toBe(0);
 * ```
 */
export { runSuite } from './suite.js';
export type { SuiteOptions } from './core/run-suite.js';
export type { Report } from './core/report-model.js';
export type { CaseResult, Outcome, FailureKind, Params, ByteMap, OpName } from './core/model.js';
export { defineAdapter, inProcessProbe, type Adapter, type Capabilities, type StandardClaim, type OpImpl } from './core/adapter.js';
export { RejectedError, UnsupportedError } from './core/errors.js';
export type { Standard } from './core/standard.js';
export { STANDARDS, STANDARD_BY_ID } from './standards/index.js';
export { DEFAULT_ADAPTERS, BUILTIN_ADAPTERS } from './adapters/index.js';
export { assemble, oneOf, tiedTo, intRange, type Binding, type ParamRule } from './adapters/binding.js';
export { DEFAULT_VECTORS_DIR, loadVectorDir, loadVectorFile } from './vectors/load.js';
export { loadExpectations } from './core/expectations.js';
export { renderJson, validateReport } from './report/json.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtml } from './report/html.js';
export { renderJunit } from './report/junit.js';
export { writeReports } from './report/write.js';
