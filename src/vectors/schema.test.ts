import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { familyParams } from '../core/families/index.js';
import { PARAMS } from '../core/registry.js';
import { ALL_FIELD_NAMES } from './fields.js';
import { VECTOR_SCHEMA_PATH } from './paths.js';
import { schemaProblems, vectorSchema } from './schema.js';
import { BUG_TYPES, VECTOR_RESULTS } from './vector-file.js';

// Fixtures are edited freely, so their JSON is loosely typed.
type Json = Record<string, any>;
const schema = JSON.parse(readFileSync(VECTOR_SCHEMA_PATH, 'utf8')) as Json;
const defs = schema['definitions'] as Json;

describe('the vector file schema', () => {
  it("names exactly the registry's parameters", () => {
    // The families' own parameters are filled in from their modules when the schema is compiled.
    expect(Object.keys(defs['group']['properties']['params']['properties']).sort()).toEqual(Object.keys(PARAMS).sort());
    expect(Object.keys(familyParams()).filter((n) => n in PARAMS)).toEqual([]);
  });

  it('leaves the fields to the family modules, which bothends fills in, all hex', () => {
    // A family's fields are declared by its module alone: the committed schema lists none of them.
    const committed = Object.keys(defs['test']['properties'] as Json);
    expect(committed.filter((k) => ALL_FIELD_NAMES.includes(k))).toEqual([]);
    expect(committed.sort()).toEqual(['comment', 'flags', 'ref', 'result', 'source', 'tcId']);
    const props = vectorSchema().definitions.test.properties as Json;
    const hexFields = Object.keys(props).filter((k) => props[k]['$ref'] === '#/definitions/hex');
    expect(hexFields.sort()).toEqual([...ALL_FIELD_NAMES].sort());
  });

  it("checks a test's fields as its families declare them, naming the JSON path", () => {
    const file = (fields: Record<string, unknown>) => ({
      standard: 'x25519',
      description: 'd',
      numberOfTests: 1,
      sources: { s: { title: 't' } },
      notes: {},
      groups: [{ params: { curve: 'X25519' }, tests: [{ tcId: 3, comment: '', source: 's', flags: [], result: 'valid', ...fields }] }],
    });
    expect(schemaProblems(file({ secretKey: '00', publicKey: '01', sharedSecret: '02' }))).toEqual([]);
    expect(schemaProblems(file({ secretKey: 'XY' }))).toEqual([{ path: 'groups[0].tests[0].secretKey', message: expect.stringMatching(/^tcId 3: /) }]);
    expect(schemaProblems(file({ secretKee: '00' }))).toEqual([
      { path: 'groups[0].tests[0].secretKee', message: expect.stringMatching(/^tcId 3: .*unknown property/) },
    ]);
  });

  it('lists the results and bug types the code knows', () => {
    expect(defs['test']['properties']['result']['enum']).toEqual(VECTOR_RESULTS);
    expect(defs['note']['properties']['bugType']['enum']).toEqual(BUG_TYPES);
  });

  it('forbids unknown properties at every level', () => {
    const objects = [schema, defs['source'], defs['note'], defs['group'], defs['group']['properties']['params'], defs['test']];
    for (const o of objects) expect(o['additionalProperties']).toBe(false);
  });

  it("checks a family's own parameters with the types its module declares", () => {
    const file = (params: Record<string, unknown>) => ({
      standard: 'ml-kem',
      description: 'd',
      numberOfTests: 1,
      sources: { s: { title: 't' } },
      notes: {},
      groups: [{ params, tests: [{ tcId: 1, comment: '', source: 's', flags: [], result: 'valid' }] }],
    });
    expect(schemaProblems(file({ parameterSet: 'ML-KEM-768', macIterations: 2048 }))).toEqual([]);
    expect(schemaProblems(file({ parameterSet: 768 }))).toEqual([{ path: 'groups[0].params.parameterSet', message: 'must be string' }]);
    expect(schemaProblems(file({ parameterFormat: 'seed' }))).toEqual([
      { path: 'groups[0].params.parameterFormat', message: expect.stringMatching(/unknown property/) },
    ]);
  });

  it('maps a violation deep in a test to its JSON path and tcId', () => {
    const file = {
      standard: 'x25519',
      description: 'd',
      numberOfTests: 1,
      sources: { s: { title: 't' } },
      notes: { bad_flag: { bugType: 'NOPE', description: 'x' } },
      groups: [{ params: { curve: 'X25519' }, tests: [{ tcId: 7, comment: '', source: 's', flags: [], result: 'valid', secretKey: '0' }] }],
    };
    expect(schemaProblems(file)).toEqual([
      { path: 'notes.bad_flag', message: 'invalid name: must match pattern "^[A-Z][A-Za-z0-9]*$"' },
      { path: 'notes.bad_flag.bugType', message: expect.stringMatching(/^must be one of "BASIC", "AUTH_BYPASS", /) },
      { path: 'groups[0].tests[0].secretKey', message: 'tcId 7: odd-length hex string (1 digits)' },
    ]);
  });
});
