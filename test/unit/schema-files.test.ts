import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { generateSchemaFiles } from "../../src/gateway/schema-files";

describe("committed schema files", () => {
  it("match what the code generates (run `npm run schema` after changing a type)", async () => {
    const generated = await generateSchemaFiles();
    const dir = path.resolve("schema");
    const committed = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith(".graphql")).map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));
    expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, content] of Object.entries(generated)) expect({ name, content: committed[name] }).toEqual({ name, content });
  });
});
