import { composeServices } from "@theguild/federation-composition";
import { parse } from "graphql";

export interface SubgraphEndpoint {
  name: string;
  url: string;
  sdl: string;
}

/** Composes subgraph SDLs into the supergraph the gateway plans against; fails loudly on conflicts. */
export function composeSupergraph(subgraphs: SubgraphEndpoint[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors?.length) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join("\n")}`);
  }
  return result.supergraphSdl!;
}

/** For the split deployment: each subgraph tells its own SDL through `_service { sdl }`. */
export async function fetchSubgraphSdl(url: string, attempts = 60, delayMs = 1000): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ _service { sdl } }" }),
      });
      const body = (await response.json()) as { data?: { _service: { sdl: string } }; errors?: unknown };
      if (body.data) return body.data._service.sdl;
      lastError = new Error(JSON.stringify(body.errors));
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  throw new Error(`Subgraph at ${url} did not answer: ${(lastError as Error)?.message ?? lastError}`);
}
