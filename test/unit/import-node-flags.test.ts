import { readFileSync } from "node:fs";
import path from "node:path";
import { IMPORT_NODE_FLAGS } from "../../bench/bench-data";

describe("the import CLI's Node flags", () => {
  it("are the same for `npm run import` and the benchmark's CLI runs, so that W3 measures the command users run", () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> };
    const command = pkg.scripts.import!.split("&&").pop()!.trim().split(/\s+/);
    expect(command[0]).toBe("node");
    expect(command.slice(1, -1)).toEqual(IMPORT_NODE_FLAGS);
    expect(command[command.length - 1]).toBe("dist/src/cli/import.js");
  });
});
