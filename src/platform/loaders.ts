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
