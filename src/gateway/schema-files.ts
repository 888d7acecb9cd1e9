import { buildSubgraph } from "../platform/graphql/build-subgraph-schema";
import { createSubgraphs } from "../subgraphs/catalog";
import { composeSupergraph } from "./compose";

/** Where each subgraph listens in the split deployment (docker-compose service names). */
export const splitDeploymentUrl = (name: string): string => `http://${name}:4001/graphql`;

/**
 * The committed schema files: one SDL per subgraph and the composed supergraph (with the split
 * deployment's URLs). `npm run schema` writes them; a test fails when the code has drifted from them.
 */
export async function generateSchemaFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const endpoints = [];
  for (const module of createSubgraphs()) {
    const built = await buildSubgraph(module);
    files[`${module.name}.graphql`] = `${built.sdl.trim()}\n`;
    endpoints.push({ name: module.name, url: splitDeploymentUrl(module.name), sdl: built.sdl });
  }
  files["supergraph.graphql"] = `${composeSupergraph(endpoints).trim()}\n`;
  return files;
}
