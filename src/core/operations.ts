/**
 * The operations' names, outputs and stages, as the family modules declare them. No core file
 * lists them: each family module declares its operations with {@link declareOperations} and adds
 * them to {@link Operations} by declaration merging, so that `OpName` is exactly the union of
 * what the families declare and a new family touches no table here.
 */

/** What one operation returns, and the stage its errors are reported in. */
export interface OperationShape {
  /** The byte outputs it must return; the family checks any others (a reader that cannot export the key). */
  readonly outputs: readonly string[];
  /** The stage of a case it belongs to, for error reports (`generate-key`, `encrypt`…). */
  readonly stage: string;
}

/**
 * Every operation of every family, by name. Empty here: a family module adds its own with
 * `declare module '../operations.js' { interface Operations extends TheirTable {} }`, where
 * the table is the `as const` object it passed to {@link declareOperations}.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the family modules through declaration merging
export interface Operations {}

/** The name of an operation some family declares: `encrypt`, `encapsulate`, `read`… */
export type OpName = Extract<keyof Operations, string>;

/** The stage of an operation some family declares. */
export type OperationStage = { [K in OpName]: Operations[K] extends { readonly stage: infer S extends string } ? S : never }[OpName];

const DECLARED = new Map<string, OperationShape>();

/**
 * Declares operations: what each returns and its stage. Family modules call it when they load
 * (a standard names its family through the family's module, so any standard in use has loaded
 * it); two families declaring one name must agree on it.
 */
export function declareOperations<const T extends Readonly<Record<string, OperationShape>>>(table: T): T {
  for (const [name, shape] of Object.entries(table)) {
    const known = DECLARED.get(name);
    if (known && (known.stage !== shape.stage || known.outputs.join() !== shape.outputs.join()))
      throw new Error(`operation ${name} is declared twice, differently: ${describe(known)} and ${describe(shape)}`);
    DECLARED.set(name, shape);
  }
  return table;
}

/** What `op` returns and its stage; an operation no loaded family declares is a programming error. */
export function operationShape(op: OpName): OperationShape {
  const shape = DECLARED.get(op);
  if (!shape) throw new Error(`no family module declares the operation ${op} (declared: ${[...DECLARED.keys()].join(', ')})`);
  return shape;
}

function describe(shape: OperationShape): string {
  return `{${shape.outputs.join(', ')}} at stage ${shape.stage}`;
}
