import type { SubgraphModule } from "../platform/graphql/subgraph";
import { createSubgraph as registry } from "./registry";
import { createSubgraph as certification } from "./certification";

/** Every subgraph of the platform, in start order; the one place that knows them all. */
export const SUBGRAPHS: Record<string, () => SubgraphModule> = {
  registry,
  certification,
};

export const subgraphNames = (): string[] => Object.keys(SUBGRAPHS);

export function createSubgraphs(names: string[] = subgraphNames()): SubgraphModule[] {
  return names.map((name) => {
    const create = SUBGRAPHS[name];
    if (!create) throw new Error(`Unknown subgraph "${name}"; known: ${subgraphNames().join(", ")}`);
    return create();
  });
}
