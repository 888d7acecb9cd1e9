import { getMetadataStorage } from "type-graphql";

/** A field of an input type: its nested input type's fields (null for a scalar or enum), and whether it is a list. */
export interface FieldNode {
  nested: FieldTree | null;
  list: boolean;
}

/** The fields of an input type by name. */
export type FieldTree = ReadonlyMap<string, FieldNode>;

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
  const tree = new Map<string, FieldNode>();
  trees.set(inputType, tree); // before recursing: an input type may nest itself
  for (const field of storage.fields.filter((f) => f.target === inputType)) {
    const type = field.getType();
    const nested = typeof type === "function" && inputTypes.has(type) ? fieldTree(type) : null;
    tree.set(field.schemaName, { nested, list: !!field.typeOptions.array });
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
    const field = tree.get(name);
    if (!field) return `${prefix}${name}`;
    const nested = field.nested;
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

/**
 * Whether a CSV column names a field: a field, or a dotted path into a nested input type (a list is
 * one JSON cell, never dotted into).
 */
export function isKnownColumn(column: string, tree: FieldTree): boolean {
  let fields: FieldTree | null = tree;
  for (const segment of column.split(".")) {
    const field: FieldNode | undefined = fields?.get(segment);
    if (!field) return false;
    fields = field.list ? null : field.nested;
  }
  return true;
}

/**
 * Whether a CSV column holds its field whole, as JSON: a list, or a nested input type's object given in
 * one column rather than dotted into columns. Every other known column holds text or a number.
 */
export function isJsonColumn(column: string, tree: FieldTree): boolean {
  let fields: FieldTree | null = tree;
  let field: FieldNode | undefined;
  for (const segment of column.split(".")) {
    field = fields?.get(segment);
    if (!field) return false;
    fields = field.list ? null : field.nested;
  }
  return !!field && (field.list || field.nested !== null);
}

/** The columns a CSV file of this input type may have (nested objects dotted, lists whole), for messages. */
export function columnNames(tree: FieldTree, prefix = ""): string[] {
  return [...tree].flatMap(([name, field]) => (field.nested && !field.list ? columnNames(field.nested, `${prefix}${name}.`) : [`${prefix}${name}`]));
}

/** A row that is one JSON object (not an array, a scalar or null): the only shape a record has. */
export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
