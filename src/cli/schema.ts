import "reflect-metadata";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateSchemaFiles } from "../gateway/schema-files";

async function main(): Promise<void> {
  const dir = path.resolve("schema");
  mkdirSync(dir, { recursive: true });
  const files = await generateSchemaFiles();
  for (const stale of readdirSync(dir).filter((f) => f.endsWith(".graphql") && !(f in files))) rmSync(path.join(dir, stale));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  console.log(`wrote ${Object.keys(files).map((f) => `schema/${f}`).join(", ")}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
