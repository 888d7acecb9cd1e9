import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const CONFIG = path.resolve(".dependency-cruiser.cjs");
const CLI = path.resolve("node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

interface Violation { from: string; to: string; rule: { name: string } }
interface CruiseResult { summary: { violations: Violation[]; totalCruised: number } }

/** Runs dependency-cruiser with the project's rules over `dirs`, in `cwd`; its JSON report. */
async function cruise(cwd: string, dirs: string[]): Promise<CruiseResult> {
  // It exits non-zero when it finds violations; the report on stdout is what is judged.
  const run = promisify(execFile)(process.execPath, [CLI, "--config", CONFIG, "--output-type", "json", ...dirs], { cwd, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  return JSON.parse((await run).stdout) as CruiseResult;
}

const pairs = (result: CruiseResult) => result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

describe("architecture (.dependency-cruiser.cjs)", () => {
  it("the project keeps its import rules: no cycles, a kernel that knows no subgraph, subgraphs meeting only through readers and types", async () => {
    const result = await cruise(process.cwd(), ["src", "bench", "migrations", "test"]);
    expect(pairs(result)).toEqual([]);
    // It really read the tree (a wrong path or config would cruise nothing and find nothing).
    expect(result.summary.totalCruised).toBeGreaterThan(250);
  }, 60_000);

  it("the rules catch each kind of violation in a planted tree", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "yrd-architecture-"));
    const files: Record<string, string> = {
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true } }),
      "src/subgraphs/beta/beta.entity.ts": "export class Beta {}\n",
      "src/subgraphs/beta/beta.reader.ts": "export const betaReader = 1;\n",
      "src/subgraphs/beta/beta.service.ts": "export const betaService = 1;\n",
      "src/subgraphs/beta/own.ts": 'import { Beta } from "./beta.entity";\nexport const own = Beta;\n',
      "src/subgraphs/alpha/alpha.service.ts": [
        'import { Beta } from "../beta/beta.entity";',
        'import { betaReader } from "../beta/beta.reader";',
        'import { betaService } from "../beta/beta.service";',
        "export const alpha = [Beta, betaReader, betaService];",
      ].join("\n"),
      "src/platform/kernel.ts": 'import { betaReader } from "../subgraphs/beta/beta.reader";\nexport const kernel = betaReader;\n',
      "src/platform/left.ts": 'import { right } from "./right";\nexport const left = () => right;\n',
      "src/platform/right.ts": 'import { left } from "./left";\nexport const right = () => left;\n',
      "src/platform/missing.ts": 'import { nothing } from "./nowhere";\nexport const missing = nothing;\n',
      "src/import/cli.ts": 'import { harness } from "../../test/support/harness";\nexport const cli = harness;\n',
      "test/support/harness.ts": "export const harness = 1;\n",
    };
    try {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
      const found = pairs(await cruise(root, ["src", "test"]));
      expect(found).toEqual([
        "no-circular: src/platform/left.ts -> src/platform/right.ts",
        "platform-knows-no-subgraph: src/platform/kernel.ts -> src/subgraphs/beta/beta.reader.ts",
        "product-code-needs-no-tests: src/import/cli.ts -> test/support/harness.ts",
        "resolvable: src/platform/missing.ts -> ./nowhere",
        "subgraph-entities-stay-home: src/subgraphs/alpha/alpha.service.ts -> src/subgraphs/beta/beta.entity.ts",
        "subgraphs-meet-through-readers-and-types: src/subgraphs/alpha/alpha.service.ts -> src/subgraphs/beta/beta.entity.ts",
        "subgraphs-meet-through-readers-and-types: src/subgraphs/alpha/alpha.service.ts -> src/subgraphs/beta/beta.service.ts",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
