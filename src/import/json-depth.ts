/**
 * How deep a parsed record may nest. No import record nests beyond 4 levels (a list of objects in a
 * record); far deeper, a value only makes code that walks it recursively (a service, JSON.stringify
 * writing the rejected row) run out of stack, which is no fault of one row but stops the whole import.
 */
export const MAX_RECORD_DEPTH = 32;

export const TOO_DEEP_MESSAGE = `The record nests deeper than ${MAX_RECORD_DEPTH} levels of lists and objects`;

/**
 * Whether `value` has lists or objects nested more than `limit` deep (a record of scalars is 1).
 * Walked with a stack of its own rather than recursion: the value may be as deep as the one it is
 * there to catch.
 */
export function nestsDeeperThan(value: unknown, limit: number = MAX_RECORD_DEPTH): boolean {
  const pending: [object, number][] = isNested(value) ? [[value, 1]] : [];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (isNested(child)) pending.push([child, depth + 1]);
    }
  }
  return false;
}

const isNested = (value: unknown): value is object => value !== null && typeof value === "object";
