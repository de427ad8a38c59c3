/**
 * JSON paths and plain sentences for JSON Schema (ajv) errors: what the vector files' and the
 * expectations file's checks say, naming the JSON path of each problem.
 */
import type { ErrorObject } from 'ajv';

/** `base.name`, or `base["odd name"]` when the name is not an identifier. */
export function childPath(base: string, name: string | number): string {
  if (typeof name === 'number') return `${base}[${name}]`;
  const part = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
  if (base === '') return part.startsWith('[') ? part : name;
  return part.startsWith('[') ? `${base}${part}` : `${base}.${part}`;
}

/** The JSON path segments of an ajv instance pointer (`/groups/0/tests/3`). */
export function segments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** The path (segments) and a plain sentence for one ajv error; shared with the expectations file's checks. */
export function explainSchemaError(e: ErrorObject): { segs: Array<string | number>; message: string } {
  const segs = segments(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) return { segs: [...segs, e.propertyName], message: `invalid name: ${e.message ?? e.keyword}` };
  switch (e.keyword) {
    case 'additionalProperty':
    case 'additionalProperties':
      return { segs: [...segs, String(p['additionalProperty'])], message: 'unknown property (the schema does not allow it here)' };
    case 'required':
      return { segs: [...segs, String(p['missingProperty'])], message: 'missing required property' };
    case 'enum':
      return { segs, message: `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'pattern':
      if (e.schemaPath.startsWith('#/definitions/hex/') && typeof e.data === 'string') {
        const hex = e.data;
        const message = /^[0-9a-f]*$/.test(hex)
          ? `odd-length hex string (${hex.length} digits)`
          : `not lower-case hex (${JSON.stringify(hex.match(/[^0-9a-f]/)?.[0])} at digit ${hex.search(/[^0-9a-f]/)})`;
        return { segs, message };
      }
      return { segs, message: `${JSON.stringify(e.data)} ${e.message ?? 'does not match the pattern'}` };
    default:
      return { segs, message: e.message ?? e.keyword };
  }
}
