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

export function createSubgraphs(names: string[] = subgraphNames()): SubgraphModule[] {
  return names.map((name) => {
    const create = SUBGRAPHS[name];
    if (!create) throw new Error(`Unknown subgraph "${name}"; known: ${subgraphNames().join(", ")}`);
    return create();
  });
}
