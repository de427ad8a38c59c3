/**
 * A problem found in a vector file: where (a JSON path such as `groups[0].tests[3].key`) and
 * what, already prefixed with the test's `tcId` when it concerns one test. The loader turns
 * each into a `ConfigError` naming the file.
 */
export interface Problem {
  readonly path?: string;
  readonly message: string;
}

/** `base.name`, or `base["odd name"]` when the name is not an identifier. */
export function childPath(base: string, name: string | number): string {
  if (typeof name === 'number') return `${base}[${name}]`;
  const part = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
  if (base === '') return part.startsWith('[') ? part : name;
  return part.startsWith('[') ? `${base}${part}` : `${base}.${part}`;
}
