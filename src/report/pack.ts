/**
 * The results as `report.html` embeds them, once, for its script to build drill-downs on demand.
 * Thousands of results repeat the same parameters, vectors, reasons and adapter names, so every
 * value is stored once and referenced by number:
 *
 * - a reference `n >= 0` is `values[n]`, a string, number or boolean;
 * - a reference `n < 0` is `nodes[-n - 1]`, an array `[-1, ...items]` or an object
 *   `[keys, ...values]` whose first element references the JSON text of its key list;
 * - each result is a row of references to its fields in the order `keys` lists, `null` where it
 *   has no such field; an id that starts with its cell's prefix `standard/params/kind/producer~consumer`
 *   is stored as {@link ID_MARK} and the rest, and a replay command stores the id as {@link ID_MARK}.
 *
 * The format follows whatever fields the results have, so a field added to the model is carried
 * without a change here. {@link unpackResults} is the reference decoder the page's script mirrors.
 */
import type { CaseResult } from '../core/model.js';

/** A JSON primitive. */
export type Primitive = string | number | boolean;

/** The embedded form of a list of results. */
export interface PackedResults {
  /** Field names, in row order. */
  readonly keys: readonly string[];
  /** Every distinct primitive value. */
  readonly values: readonly Primitive[];
  /** Every distinct array or object, as references. */
  readonly nodes: ReadonlyArray<readonly number[]>;
  /** One row of references per result; `null` where the result has no such field. */
  readonly rows: ReadonlyArray<ReadonlyArray<number | null>>;
}

/** Stands for the cell prefix in a result's id, and for the id inside its replay command. */
export const ID_MARK = '\u0000';

/** The id prefix every case of a grid cell shares (the model's id convention). */
function cellPrefix(r: Pick<CaseResult, 'standard' | 'paramsId' | 'kind' | 'producer' | 'consumer'>): string {
  return `${r.standard}/${r.paramsId}/${r.kind}/${r.producer}~${r.consumer}`;
}

/** The stored form of a field: ids and replay commands without what the row already says. */
function stored(r: CaseResult, key: string, value: unknown): unknown {
  if (key === 'id') return r.id.startsWith(cellPrefix(r)) ? ID_MARK + r.id.slice(cellPrefix(r).length) : r.id;
  if (key === 'replay') return r.replay.split(r.id).join(ID_MARK);
  return value;
}

/** The tag of an array node; an object node starts with a (non-negative) value reference instead. */
const ARRAY_TAG = -1;

/** Packs results, with any derived fields they carry; their order is kept. */
export function packResults<T extends CaseResult>(results: readonly T[]): PackedResults {
  const keys = [...new Set(results.flatMap((r) => Object.keys(r)))];
  // A Map tells 1, '1' and true apart by itself, so primitives are their own keys.
  const values = new Table<Primitive, Primitive>((v) => v);
  const nodes = new Table<number[], string>((n) => n.join(','));
  const keyLists = new Map<string, number>();
  const keysRef = (names: string[]): number => {
    const joined = names.join('\u0000');
    let i = keyLists.get(joined);
    if (i === undefined) keyLists.set(joined, (i = values.add(JSON.stringify(names))));
    return i;
  };
  const ref = (v: unknown): number => {
    if (Array.isArray(v)) return -1 - nodes.add([ARRAY_TAG, ...v.map(ref)]);
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      return -1 - nodes.add([keysRef(entries.map(([k]) => k)), ...entries.map(([, x]) => ref(x))]);
    }
    return values.add(v as Primitive);
  };
  const rows = results.map((r) => {
    const fields = r as unknown as Record<string, unknown>;
    return keys.map((k) => (k in fields ? ref(stored(r, k, fields[k])) : null));
  });
  return { keys, values: values.items, nodes: nodes.items, rows };
}

/** Rebuilds the results {@link packResults} packed. */
export function unpackResults(packed: PackedResults): CaseResult[] {
  const keyLists = new Map<number, string[]>();
  const unref = (n: number): unknown => {
    if (n >= 0) return packed.values[n];
    const [tag = ARRAY_TAG, ...items] = packed.nodes[-n - 1] ?? [];
    if (tag === ARRAY_TAG) return items.map(unref);
    const names = keyLists.get(tag) ?? (JSON.parse(String(packed.values[tag])) as string[]);
    keyLists.set(tag, names);
    return Object.fromEntries(items.map((x, i) => [names[i], unref(x)]));
  };
  return packed.rows.map((row) => {
    const r: Record<string, unknown> = {};
    packed.keys.forEach((k, i) => {
      const cell = row[i];
      if (cell !== null && cell !== undefined) r[k] = unref(cell);
    });
    const result = r as unknown as CaseResult;
    if (result.id.startsWith(ID_MARK)) r['id'] = cellPrefix(result) + result.id.slice(ID_MARK.length);
    if (typeof r['replay'] === 'string') r['replay'] = r['replay'].split(ID_MARK).join(String(r['id']));
    return result;
  });
}

/** Distinct items in first-seen order, each with its index. */
class Table<T, K> {
  readonly items: T[] = [];
  private readonly index = new Map<K, number>();
  constructor(private readonly keyOf: (item: T) => K) {}

  /** The index of `item`, added when new. */
  add(item: T): number {
    const key = this.keyOf(item);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.push(item) - 1;
      this.index.set(key, i);
    }
    return i;
  }
}
