import { buildSchema, execute, parse } from "graphql";
import { settledLoader } from "../../src/platform/loaders";
import { selectsBelow } from "../../src/platform/graphql/selection";

describe("settledLoader", () => {
  it("answers a promise until a key is loaded, then the value in place, with one batch for what was primed", async () => {
    const batches: string[][] = [];
    const loader = settledLoader(async (keys: readonly string[]) => {
      batches.push([...keys]);
      return keys.map((k) => (k === "missing" ? null : k.toUpperCase()));
    });
    const first = loader.load("a");
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe("A");
    expect(loader.load("a")).toBe("A");

    await loader.prime(["b", "c", "missing", "b"]);
    expect(batches).toEqual([["a"], ["b", "c", "missing"]]);
    expect([loader.load("b"), loader.load("c"), loader.load("missing")]).toEqual(["B", "C", null]);
    expect(batches).toHaveLength(2);
  });

  it("keys by the cache key it is given, and a failed batch fails the prime and is not remembered", async () => {
    let fail = true;
    const loader = settledLoader(
      async (keys: readonly { id: number }[]) => {
        if (fail) throw new Error("database away");
        return keys.map((k) => `#${k.id}`);
      },
      (k) => k.id,
    );
    await expect(loader.prime([{ id: 1 }])).rejects.toThrow("database away");
    fail = false;
    // DataLoader forgets a failed key; the next load tries again.
    expect(await loader.load({ id: 1 })).toBe("#1");
    expect(loader.load({ id: 1 })).toBe("#1");
  });
});

describe("selectsBelow", () => {
  const schema = buildSchema(`
    type Party { name: String, code: String }
    type Item { holder: Party, issuer: Party, title: String }
    type Query { items: [Item] }
  `);
  const seen = (query: string): boolean[] => {
    let found: boolean[] = [];
    execute({
      schema,
      document: parse(query),
      rootValue: {
        items: (_args: unknown, _ctx: unknown, info: Parameters<typeof selectsBelow>[0]) => {
          found = [selectsBelow(info, "holder", "name"), selectsBelow(info, "issuer", "name")];
          return [];
        },
      },
    });
    return found;
  };

  it("finds a child field under a parent field, through inline and named fragments", () => {
    expect(seen(`{ items { holder { name } issuer { code } } }`)).toEqual([true, false]);
    expect(seen(`{ items { ... on Item { issuer { ... on Party { name } } } } }`)).toEqual([false, true]);
    expect(seen(`{ items { ...F } } fragment F on Item { holder { ...P } } fragment P on Party { name }`)).toEqual([true, false]);
  });

  it("does not take a child of another parent, nor the parent's own siblings", () => {
    expect(seen(`{ items { title issuer { code } holder { code } } }`)).toEqual([false, false]);
  });
});
