import type { SubgraphModule } from "../platform/graphql/subgraph";
import { createSubgraph as registry } from "./registry";
import { createSubgraph as certification } from "./certification";
import { createSubgraph as standards } from "./standards";
import { createSubgraph as metrology } from "./metrology";
import { createSubgraph as feed } from "./feed";
import { createSubgraph as recognition } from "./recognition";

/** Every subgraph of the platform, in start order; the one place that knows them all. */
export const SUBGRAPHS: Record<string, () => SubgraphModule> = {
  registry,
  certification,
  standards,
  metrology,
  feed,
  recognition,
};

export const subgraphNames = (): string[] => Object.keys(SUBGRAPHS);

/**
 * Subgraphs whose schema cannot compose without others: certification provides holder and issuer names
 * and standard titles (`@provides`), fields only the registry and the standards subgraph own.
 */
const COMPOSES_WITH: Record<string, string[]> = { certification: ["registry", "standards"] };

/** `names` and every subgraph they need to compose into a supergraph, in start order (a partial federation for tests). */
export function federationOf(names: string[]): string[] {
  const wanted = new Set(names.flatMap((name) => [name, ...(COMPOSES_WITH[name] ?? [])]));
  return subgraphNames().filter((name) => wanted.has(name)).concat(names.filter((name) => !(name in SUBGRAPHS)));
}

export function createSubgraphs(names: string[] = subgraphNames()): SubgraphModule[] {
  return names.map((name) => {
    const create = SUBGRAPHS[name];
    if (!create) throw new Error(`Unknown subgraph "${name}"; known: ${subgraphNames().join(", ")}`);
    return create();
  });
}
