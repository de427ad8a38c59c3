/**
 * Importers are descriptors: the options of `bothends run`, the corpus choice, the report's
 * config, the replay flags, the report schema and docs/corpora.md all follow `IMPORTERS`, so a
 * new importer is one descriptor and one line in the list.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerRun } from '../../cli/commands/run.js';
import { projectPath } from '../../core/paths.js';
import { NO_IMPORT } from './corpus.js';
import { chooseCorpora, corpusConfig, corpusReplayFlags, importCorpora, importerKey, IMPORTERS, type Importer } from './index.js';

/** The table of docs/corpora.md, as the list says it must read. */
function importersTable(importers: readonly Importer[]): string {
  const rows = importers.map((i) => `| \`--${i.name} [DIR]\` | \`${i.env}\` | ${i.title} |`);
  return ['| option | environment variable | corpus |', '|---|---|---|', ...rows].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'bothends-importers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A new corpus, wired by nothing but its descriptor. */
const loaded: string[] = [];
const extra: Importer = {
  name: 'my-corpus',
  env: 'BOTHENDS_MY_CORPUS_DIR',
  help: 'also run my corpus',
  title: 'my corpus',
  load: (d) => {
    loaded.push(d);
    return NO_IMPORT;
  },
};

describe('the importer list', () => {
  it('keeps the options of bothends run, each with its help text', () => {
    expect(IMPORTERS.map((i) => `--${i.name}`)).toEqual(['--wycheproof', '--acvp', '--jose-cookbook', '--hpke', '--age-testkit', '--keyfile-corpus']);
    const program = new Command();
    registerRun(program, () => undefined);
    const run = program.commands.find((c) => c.name() === 'run')!;
    for (const i of IMPORTERS) {
      const option = run.options.find((o) => o.long === `--${i.name}`);
      expect(option?.flags, i.name).toBe(`--${i.name} [dir]`);
      expect(option?.attributeName(), i.name).toBe(importerKey(i));
      expect(option?.description, i.name).toContain(`$${i.env}`);
    }
  });

  it('names every corpus the report schema allows in corpora.files', () => {
    const schema = JSON.parse(readFileSync(projectPath('schemas', 'report.schema.json'), 'utf8')) as {
      definitions: { corpora: { properties: { files: { items: { properties: { corpus: { enum: string[] } } } } } } };
    };
    expect(IMPORTERS.map((i) => i.name).sort()).toEqual([...schema.definitions.corpora.properties.files.items.properties.corpus.enum].sort());
  });

  it('is the table of docs/corpora.md', () => {
    const doc = readFileSync(projectPath('docs', 'corpora.md'), 'utf8');
    const table = /<!-- importers:[^>]*-->\n([\s\S]*?)\n<!-- \/importers -->/.exec(doc)?.[1];
    expect(table).toBe(importersTable(IMPORTERS));
  });
});

describe('a corpus chosen through its descriptor', () => {
  it('is imported from the directory of its option, into the config and the replay flags', async () => {
    const choices = chooseCorpora({ myCorpus: dir, wycheproof: undefined }, [], ['import'], {}, [...IMPORTERS, extra]);
    expect(choices.map((c) => c.importer.name)).toEqual(['my-corpus']);
    await importCorpora(choices);
    expect(loaded).toEqual([dir]);
    expect(corpusConfig(choices, (p) => `shown:${p}`)).toEqual({ myCorpus: `shown:${resolve(dir)}` });
    expect(corpusReplayFlags(choices, (p) => `shown:${p}`)).toBe(`--my-corpus shown:${resolve(dir)}`);
  });

  it('takes the directory from its environment variable when the option has no value', () => {
    expect(chooseCorpora({ myCorpus: true }, [], ['import'], { BOTHENDS_MY_CORPUS_DIR: dir }, [extra])).toEqual([{ importer: extra, dir }]);
  });

  it('explains an option without a directory and a missing directory', () => {
    expect(() => chooseCorpora({ myCorpus: true }, [], ['import'], {}, [extra])).toThrow(
      '--my-corpus needs a directory: give --my-corpus DIR or set BOTHENDS_MY_CORPUS_DIR',
    );
    expect(() => chooseCorpora({ myCorpus: join(dir, 'nope') }, [], ['import'], {}, [extra])).toThrow(`--my-corpus: no such directory "${join(dir, 'nope')}"`);
  });

  it('is left out when the run has no use for it, and its built-in copy used when it has', () => {
    const builtIn: Importer = {
      ...extra,
      wanted: (_, kinds) => kinds.includes('import'),
      builtIn: { origin: () => 'npm my-corpus 1.0.0', load: async () => NO_IMPORT },
    };
    expect(chooseCorpora({ myCorpus: dir }, [], ['kat'], {}, [builtIn])).toEqual([]);
    const choices = chooseCorpora({}, [], ['import'], {}, [builtIn]);
    expect(choices).toEqual([{ importer: builtIn }]);
    expect(corpusConfig(choices, (p) => p)).toEqual({ myCorpus: 'npm my-corpus 1.0.0' });
    expect(corpusReplayFlags(choices, (p) => p)).toBe('');
  });
});
