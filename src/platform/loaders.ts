import DataLoader from "dataloader";
import { dataloaderBatchSize } from "./observability/metrics";

/**
 * A DataLoader whose batch function returns rows in any order: they are matched back to the keys,
 * and a key without a row resolves to null (or the `missing` value).
 */
export function keyedLoader<K, V, C = K>(
  batch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => C,
  options: { cacheKey?: (key: K) => C; maxBatchSize?: number } = {},
): DataLoader<K, V | null, C> {
  const cacheKey = options.cacheKey ?? ((key: K) => key as unknown as C);
  return new DataLoader<K, V | null, C>(
    async (keys) => {
      dataloaderBatchSize.observe(keys.length);
      const rows = await batch(keys);
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(cacheKey(key)) ?? null);
    },
    { cacheKeyFn: cacheKey, maxBatchSize: options.maxBatchSize ?? 5000 },
  );
}

/** Like keyedLoader, but each key owns a list of rows (one-to-many relations). */
export function groupedLoader<K, V>(batch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      dataloaderBatchSize.observe(keys.length);
      const rows = await batch(keys);
      const groups = new Map<K, V[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: 5000 },
  );
}

/** A loader whose loaded values also come back synchronously; see settledLoader. */
export interface SettledLoader<K, V> {
  /** The value when this request has already loaded it, else a promise of it (batched as DataLoader does). */
  load(key: K): V | Promise<V>;
  /** Loads these keys in one batch, so that later `load`s of them answer in place. */
  prime(keys: readonly K[]): Promise<void>;
}

/**
 * A DataLoader that answers in place once a key is loaded. graphql-js completes a field that returns a
 * value at once, but one that returns a promise costs that promise, a promise for the object around it
 * (`promiseForObject`) and, with AsyncLocalStorage in use, async-hook work for each: for a page of 100
 * certificates with holder and issuer names and standard titles, about a quarter of the subgraph's CPU.
 * A page primes these loaders with its rows' keys, so that its fields then resolve without promises.
 */
export function settledLoader<K, V, C = K>(batch: (keys: readonly K[]) => Promise<V[]>, cacheKey: (key: K) => C = (key) => key as unknown as C): SettledLoader<K, V> {
  const settled = new Map<C, V>();
  const loader = new DataLoader<K, V, C>(
    async (keys) => {
      dataloaderBatchSize.observe(keys.length);
      const values = await batch(keys);
      keys.forEach((key, i) => settled.set(cacheKey(key), values[i]!));
      return values;
    },
    { cacheKeyFn: cacheKey, maxBatchSize: 5000 },
  );
  return {
    load: (key) => {
      const k = cacheKey(key);
      return settled.has(k) ? (settled.get(k) as V) : loader.load(key);
    },
    prime: async (keys) => {
      const results = await loader.loadMany(keys);
      const failed = results.find((r): r is Error => r instanceof Error);
      if (failed) throw failed;
    },
  };
}
