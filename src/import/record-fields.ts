import { getMetadataStorage } from "type-graphql";

/** The fields of an input type: each one's nested input type's fields, or null for a scalar, enum or list of them. */
export type FieldTree = ReadonlyMap<string, FieldTree | null>;

const trees = new Map<Function, FieldTree>();

/**
 * The fields the import mutation's input type accepts, read from its type-graphql class: a file row
 * is held to the same names as a mutation record, where GraphQL refuses an unknown field outright.
 */
export function fieldTree(inputType: Function): FieldTree {
  const known = trees.get(inputType);
  if (known) return known;
  const storage = getMetadataStorage();
  const inputTypes = new Set(storage.inputTypes.map((t) => t.target));
  const tree = new Map<string, FieldTree | null>();
  trees.set(inputType, tree); // before recursing: an input type may nest itself
  for (const field of storage.fields.filter((f) => f.target === inputType)) {
    const type = field.getType();
    tree.set(field.schemaName, typeof type === "function" && inputTypes.has(type) ? fieldTree(type) : null);
  }
  if (!tree.size) throw new Error(`${inputType.name} is not a type-graphql input type with fields`);
  return tree;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The first field of `record` its input type does not have ("instrument.serial", "accreditations[1].grade"),
 * or null. Values of nested input types are looked into, one object or a list of them; type errors
 * are left to the service, which refuses them with their own codes.
 */
export function unknownField(record: Record<string, unknown>, tree: FieldTree, prefix = ""): string | null {
  for (const [name, value] of Object.entries(record)) {
    if (!tree.has(name)) return `${prefix}${name}`;
    const nested = tree.get(name);
    if (!nested) continue;
    if (isObject(value)) {
      const inner = unknownField(value, nested, `${prefix}${name}.`);
      if (inner) return inner;
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const inner = isObject(item) ? unknownField(item, nested, `${prefix}${name}[${i}].`) : null;
        if (inner) return inner;
      }
    }
  }
  return null;
}

/** Whether a CSV column (a field, or a dotted path into nested input types) names a field of the tree. */
export function isKnownColumn(column: string, tree: FieldTree): boolean {
  let node: FieldTree | null = tree;
  for (const segment of column.split(".")) {
    if (!node?.has(segment)) return false;
    node = node.get(segment) ?? null;
  }
  return true;
}

/** The columns a CSV file of this input type may have, nested fields dotted, for messages. */
export function columnNames(tree: FieldTree, prefix = ""): string[] {
  return [...tree].flatMap(([name, nested]) => (nested ? columnNames(nested, `${prefix}${name}.`) : [`${prefix}${name}`]));
}
