/**
 * External corpora for `bothends run`: `--wycheproof [DIR]` and `--acvp [DIR]` (the directory
 * from the option, else from BOTHENDS_WYCHEPROOF_DIR / BOTHENDS_ACVP_DIR). The files are read
 * where they are, never copied into the project.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { CorporaSection } from '../../core/corpora-model.js';
import { shellFlag } from '../../core/shell.js';
import { importAcvpDir, ACVP_ENV } from './acvp.js';
import { mergeImports, NO_IMPORT, type ImportedCorpus } from './corpus.js';
import { importWycheproofDir, WYCHEPROOF_ENV } from './wycheproof.js';
import { importJoseCookbookDir, JOSE_COOKBOOK_ENV } from './jose-cookbook.js';
import { HPKE_ENV, importHpkeDir } from './hpke.js';

export { ACVP_ENV, importAcvpDir, importAcvpSet } from './acvp.js';
export { importJoseCookbookDir, importJoseCookbookJson, JOSE_COOKBOOK_ENV } from './jose-cookbook.js';
export { HPKE_ENV, importHpkeDir, importHpkeJson } from './hpke.js';
export { AGE_TESTKIT_ENV, ageTestkitImport, importAgeTestkit, parseKitFile } from './age-testkit.js';
export { corporaSection, withCorpora } from './conformance.js';
export type { ImportedCorpus } from './corpus.js';
export { ACCEPTABLE_POLICY, decideAcceptable } from './policy.js';
export { importWycheproofDir, importWycheproofJson, WYCHEPROOF_ENV } from './wycheproof.js';

/** The directories to import from. */
export interface CorpusDirs {
  readonly wycheproof?: string;
  readonly acvp?: string;
  /** The RFC 7520 JOSE cookbook checkout (JWE examples). */
  readonly joseCookbook?: string;
  /** RFC 9180 test vector files (`*.json`, `*.json.gz`). */
  readonly hpke?: string;
}

/**
 * The directory an optional-value flag names: its value, or (flag given without one) the
 * environment variable's; `undefined` when the flag is absent. A missing directory is a
 * configuration error.
 */
export function corpusDir(flag: string, value: string | boolean | undefined, envName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (value === undefined || value === false) return undefined;
  const dir = value === true ? env[envName] : value;
  if (!dir) throw new ConfigError(`${flag} needs a directory: give ${flag} DIR or set ${envName}`);
  const full = resolve(dir);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new ConfigError(`${flag}: no such directory "${dir}"`);
  return full;
}

/** The flags that make a replay import the same corpora. */
export function corpusReplayFlags(dirs: CorpusDirs, shown: (path: string) => string): string {
  return [dirs.wycheproof ? shellFlag('--wycheproof', shown(dirs.wycheproof)) : '', dirs.acvp ? shellFlag('--acvp', shown(dirs.acvp)) : '', dirs.joseCookbook ? shellFlag('--jose-cookbook', shown(dirs.joseCookbook)) : '', dirs.hpke ? shellFlag('--hpke', shown(dirs.hpke)) : ''].filter(Boolean).join(' ');
}

/** Imports every corpus named. */
export function importCorpora(dirs: CorpusDirs): ImportedCorpus {
  return mergeImports([dirs.wycheproof ? importWycheproofDir(dirs.wycheproof) : NO_IMPORT, dirs.acvp ? importAcvpDir(dirs.acvp) : NO_IMPORT, dirs.joseCookbook ? importJoseCookbookDir(dirs.joseCookbook) : NO_IMPORT, dirs.hpke ? importHpkeDir(dirs.hpke) : NO_IMPORT]);
}

/** Environment variable names, for help texts. */
export const CORPUS_ENV = { wycheproof: WYCHEPROOF_ENV, acvp: ACVP_ENV, joseCookbook: JOSE_COOKBOOK_ENV, hpke: HPKE_ENV } as const;

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
