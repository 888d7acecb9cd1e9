import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WorkloadResult } from "./context";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  /** The server settings an import's and a search's speed depend on, as the server reports them. */
  postgresSettings: string;
  loadAverageAtStart: number[];
}

export function machine(postgres: string, postgresSettings: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    postgresSettings,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export interface Report {
  startedAt: string;
  finishedAt: string;
  dataset: Record<string, number>;
  settings: Record<string, unknown>;
  machine: Machine;
  load?: Record<string, { rows: number; seconds: number; rowsPerSecond: number; alreadyLoaded: boolean }>;
  workloads: WorkloadResult[];
  /** W2 and W4 run as scripts of their own; their JSON output, quoted. */
  scripts: { id: string; script: string; output: string }[];
  /** Workloads not selected, failed, or missing. */
  skipped: string[];
}

const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(2));
const met = (m: boolean | null) => (m === null ? "?" : m ? "met" : "NOT met");

export function toMarkdown(report: Report): string {
  const m = report.machine;
  const lines = [
    `# Benchmark results`,
    ``,
    `Run ${report.startedAt} to ${report.finishedAt} (\`npm run bench -- ${String(report.settings.args ?? "")}\`).`,
    ``,
    `**Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; ${m.postgres} (${m.postgresSettings}). Load average (1, 5, 15 min) when the measurements began, the build and any loading just before them: ${m.loadAverageAtStart.join(", ")}.`,
    `Gateway, subgraphs and the load generator's target share this machine; autocannon runs in a child process.`,
    `p50 and p99 are one request at a time; W1's and W5's variants are measured in turns (five rotating rounds, after 200 warm-up requests each), so that the guest's changes of speed fall on all of them alike.`,
    ``,
    `**Dataset:** ${Object.entries(report.dataset).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")}.`,
    `**Settings:** ${Object.entries(report.settings).filter(([k]) => k !== "args").map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    ``,
  ];
  if (report.load) {
    lines.push(`## Load (through the import CLI)`, ``, `| file | rows | seconds | rows/s |`, `|---|---:|---:|---:|`);
    for (const [kind, l] of Object.entries(report.load)) lines.push(`| ${kind} | ${l.rows} | ${l.alreadyLoaded ? "already loaded" : l.seconds.toFixed(1)} | ${l.alreadyLoaded ? "–" : Math.round(l.rowsPerSecond)} |`);
    lines.push(``);
  }
  for (const w of report.workloads) {
    lines.push(`## ${w.id}: ${w.title}`, ``);
    if (w.id === "W3") {
      lines.push(`| path | rows | seconds | rows/s | batch p50 / p99 ms |`, `|---|---:|---:|---:|---:|`);
      for (const v of w.variants) lines.push(`| ${v.name} | ${v.rows} | ${v.seconds} | ${v.rowsPerSecond?.toLocaleString("en")} | ${Number.isNaN(v.latency.p50) ? "–" : `${ms(v.latency.p50)} / ${ms(v.latency.p99)}`} |`);
    } else {
      lines.push(
        `| path | p50 ms | p99 ms | SQL statements / request | req/s at ${report.settings.connections} connections | p50 / p99 ms under load |`,
        `|---|---:|---:|---:|---:|---:|`,
      );
      for (const v of w.variants) {
        const t = v.throughput;
        lines.push(`| ${v.name} | ${ms(v.latency.p50)} | ${ms(v.latency.p99)} | ${v.latency.statementsPerRequest ?? "–"} | ${t ? `${t.requestsPerSecond}${t.errors ? ` (${t.errors} errors: not valid)` : ""}` : "–"} | ${t ? `${ms(t.p50)} / ${ms(t.p99)}` : "–"} |`);
      }
    }
    lines.push(``, `Ratios: ${Object.entries(w.ratios).map(([k, v]) => `${k} = **${v}**`).join("; ")}.`, ``);
    for (const t of w.targets) lines.push(`- Target: ${t.text}: **${met(t.met)}**`);
    for (const n of w.notes) lines.push(`- ${n}`);
    if (w.plans?.length) {
      lines.push(``, `<details><summary>EXPLAIN of the statements one ${w.id} request sends (${w.plans.filter((p) => p.usesIndex).length}/${w.plans.length} without a sequential scan of a large table)</summary>`, ``);
      for (const p of w.plans) lines.push("```", p.sql, "", p.plan, "```");
      lines.push(`</details>`);
    }
    lines.push(``);
  }
  for (const s of report.scripts) lines.push(`## ${s.id} (bench/${s.script}.ts, its output)`, ``, "```", s.output, "```", ``);
  if (report.skipped.length) lines.push(`## Not measured`, ``, ...report.skipped.map((s) => `- ${s}`), ``);
  return lines.join("\n");
}

export function writeReport(report: Report, dir = path.resolve("bench", "results")): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  const file = path.join(dir, "latest.md");
  writeFileSync(file, toMarkdown(report));
  return file;
}
