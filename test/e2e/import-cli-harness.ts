import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { transformFileSync } from "@swc/core";
import type { TestDatabase } from "../support/database";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The import CLI's end-to-end tests run it as a real child process (so that it can be killed with
 * SIGKILL). Compiling the sources with swc into `<work>/build` takes well under a second, where tsc would
 * take most of a test file's time budget.
 */
export function buildCli(out: string): void {
  const swcrc = JSON.parse(readFileSync(path.join(ROOT, ".swcrc"), "utf8"));
  delete swcrc.$schema;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith(".ts")) {
        const target = path.join(out, path.relative(ROOT, file).replace(/\.ts$/, ".js"));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, transformFileSync(file, { ...swcrc, sourceMaps: false, swcrc: false, filename: file }).code);
      }
    }
  };
  walk(path.join(ROOT, "src"));
  walk(path.join(ROOT, "migrations"));
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `import <args>` from `<work>/build`; `killAfterProgressLines` sends `signal` once that many progress lines showed rows. */
export function importCli(work: string, db: TestDatabase, args: string[], killAfterProgressLines?: number, signal: NodeJS.Signals = "SIGKILL"): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(work, "build", "src/cli/import.js"), ...args], {
      env: { ...process.env, DATABASE_URL: db.url, NODE_PATH: path.join(ROOT, "node_modules"), LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killAfterProgressLines === undefined) return;
      const seen = stdout.split("\n").filter((l) => /^progress .* rows=[1-9]/.test(l)).length;
      if (seen >= killAfterProgressLines && child.exitCode === null && !child.killed) child.kill(signal);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export const summaryOf = (run: Run) => JSON.parse(run.stdout.trim().split("\n").pop()!);
export const rejectedLines = (file: string): { row: number; code: string; field: string | null; message: string }[] =>
  readFileSync(`${file}.rejected.ndjson`, "utf8").trim().split("\n").map((l) => JSON.parse(l));
