import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface Service {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs a compiled entry point of dist/ as its own process (globalSetup compiles dist/ first). */
export function startService(entry: string, args: string[], env: Record<string, string>): Service {
  const child = spawn(process.execPath, [path.resolve("dist", entry), ...args], {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${(lastError as Error)?.message ?? ""}`);
}
