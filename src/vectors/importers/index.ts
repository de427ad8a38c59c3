/**
 * External corpora for `bothends run`, one descriptor each (importer.ts): `--wycheproof [DIR]`,
 * `--acvp [DIR]`, … (the directory from the option, else from the importer's environment
 * variable). The files are read where they are, never copied into the project.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { CorporaSection } from '../../core/corpora-model.js';
import { shellFlag } from '../../core/shell.js';
import { acvpImporter } from './acvp.js';
import { ageTestkitImporter } from './age-testkit.js';
import { mergeImports, type ImportedCorpus } from './corpus.js';
import { importerKey, type Importer } from './importer.js';
import { hpkeImporter } from './hpke.js';
import { joseCookbookImporter } from './jose-cookbook.js';
import { keyfileCorpusImporter } from './keyfile-corpus.js';
import { wycheproofImporter } from './wycheproof.js';

export { ACVP_ENV, importAcvpDir, importAcvpSet } from './acvp.js';
export { importJoseCookbookDir, importJoseCookbookJson, JOSE_COOKBOOK_ENV } from './jose-cookbook.js';
export { importKeyfileCorpus, KEYFILE_CORPUS_ENV } from './keyfile-corpus.js';
export { HPKE_ENV, importHpkeDir, importHpkeJson } from './hpke.js';
export { AGE_TESTKIT_ENV, importAgeTestkit, parseKitFile } from './age-testkit.js';
export { corporaSection, withCorpora } from './conformance.js';
export type { ImportedCorpus } from './corpus.js';
export { importerKey, type Importer } from './importer.js';
export { ACCEPTABLE_POLICY, decideAcceptable } from './policy.js';
export { importWycheproofDir, importWycheproofJson, WYCHEPROOF_ENV } from './wycheproof.js';

/** Every importer, in the order options are listed, corpora imported and replay flags written. */
export const IMPORTERS: readonly Importer[] = [wycheproofImporter, acvpImporter, joseCookbookImporter, hpkeImporter, ageTestkitImporter, keyfileCorpusImporter];

/** One corpus a run imports: from `dir` (as given, checked to exist), else the importer's built-in copy. */
export interface CorpusChoice {
  readonly importer: Importer;
  readonly dir?: string;
}

/**
 * The directory an optional-value option names: its value, or (option given without one) the
 * environment variable's; `undefined` when the option is absent, or given without a value and
 * the importer has a built-in copy. A missing directory is a configuration error.
 */
function corpusDir(importer: Importer, value: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (value === undefined || value === false) return undefined;
  const flag = `--${importer.name}`;
  const dir = typeof value === 'string' ? value : env[importer.env];
  if (!dir) {
    if (importer.builtIn) return undefined;
    throw new ConfigError(`${flag} needs a directory: give ${flag} DIR or set ${importer.env}`);
  }
  const full = resolve(dir);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new ConfigError(`${flag}: no such directory "${dir}"`);
  return dir;
}

/**
 * The corpora a run imports, from the parsed options (attribute per importer: `importerKey`):
 * each importer the run has a use for, named by its option or built in.
 */
export function chooseCorpora(
  flags: object,
  standards: readonly { readonly id: string }[],
  kinds: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  importers: readonly Importer[] = IMPORTERS,
): CorpusChoice[] {
  const values = flags as Readonly<Record<string, unknown>>;
  return importers.flatMap((importer): CorpusChoice[] => {
    if (importer.wanted && !importer.wanted(standards, kinds)) return [];
    const dir = corpusDir(importer, values[importerKey(importer)], env);
    if (dir !== undefined) return [{ importer, dir }];
    return importer.builtIn ? [{ importer }] : [];
  });
}

/** Imports every corpus chosen. */
export async function importCorpora(choices: readonly CorpusChoice[]): Promise<ImportedCorpus> {
  const parts: ImportedCorpus[] = [];
  for (const { importer, dir } of choices) parts.push(await (dir !== undefined ? importer.load(dir) : importer.builtIn!.load()));
  return mergeImports(parts);
}

/** The report's config entries of the corpora: the directory as shown, or the built-in copy's origin. */
export function corpusConfig(choices: readonly CorpusChoice[], shown: (path: string) => string): Record<string, string> {
  return Object.fromEntries(choices.map(({ importer, dir }) => [importerKey(importer), dir !== undefined ? shown(resolve(dir)) : importer.builtIn!.origin()]));
}

/** The options that make a replay import the same corpora (a built-in copy needs none). */
export function corpusReplayFlags(choices: readonly CorpusChoice[], shown: (path: string) => string): string {
  return choices
    .filter((c) => c.dir !== undefined)
    .map(({ importer, dir }) => shellFlag(`--${importer.name}`, shown(resolve(dir!))))
    .join(' ');
}

/** A few lines for the terminal: per adapter, passed/ran per file, and every accepted invalid input. */
export function corporaSummary(c: CorporaSection): string[] {
  const lines: string[] = [];
  const imported = c.files.reduce((n, f) => n + f.imported, 0);
  const total = c.files.reduce((n, f) => n + f.tests, 0);
  lines.push(`corpora: ${c.files.length} files, ${imported} of ${total} tests imported (the report's corpora.files says why the rest were not)`);
  for (const a of c.conformance) {
    const cells = a.files.map((r) => `${r.file.replace(/^[^/]+\//, '')} ${r.passed}/${r.ran}${r.declined ? ` (${r.declined} declined)` : ''}`);
    lines.push(`  ${a.adapter}: ${cells.join(', ')}`);
    for (const r of a.files) {
      for (const f of r.acceptedInvalid) {
        const facts = [f.flags.join(', '), f.bugTypes.join(', '), f.cves.join(', ')].filter(Boolean).join('; ');
        lines.push(`    SECURITY${f.known ? ' (known)' : ''}: accepted invalid ${r.file} tcId ${f.tcId} [${facts}] ${f.caseId}`);
      }
    }
  }
  for (const u of c.uncovered) lines.push(`  no capable adapter: ${u.file} ${u.standard} ${u.paramsId} (${u.cases} cases): ${u.reason}`);
  return lines;
}
