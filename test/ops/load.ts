import http from "node:http";

export interface LoadResult {
  ok: number;
  /** Connection refused: never accepted, so a load balancer sends it to another instance. */
  refused: number;
  /** Accepted and then failed or cut: what graceful shutdown must make zero. */
  lost: { error: string }[];
  /** Requests that started before `mark()` and finished successfully after it. */
  spanningMark: number;
}

/** One POST on its own connection: each either is refused at connect, or is accepted and must be answered. */
function once(url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * `concurrency` loops posting `query` until stop() resolves; a response counts as ok when it is 200
 * with data and no errors. `mark()` notes the moment of the signal. Like a load balancer, the loops
 * send nothing more once the instance's `/readyz` (polled every 100 ms) answers 503.
 */
export function runLoad(endpoint: string, query: string, concurrency: number) {
  const url = new URL(endpoint);
  const body = JSON.stringify({ query });
  const result: LoadResult = { ok: 0, refused: 0, lost: [], spanningMark: 0 };
  let running = true;
  let routable = true;
  let markedAt = Infinity;
  const probe = setInterval(() => {
    fetch(new URL("/readyz", url)).then(
      (r) => (routable = r.ok),
      () => (routable = false),
    );
  }, 100);
  const worker = async () => {
    while (running) {
      if (!routable) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const started = Date.now();
      try {
        const response = await once(url, body);
        const parsed = JSON.parse(response.text) as { data?: unknown; errors?: unknown[] };
        if (response.status === 200 && parsed.data && !parsed.errors?.length) {
          result.ok++;
          if (started < markedAt && Date.now() >= markedAt) result.spanningMark++;
        } else result.lost.push({ error: `${response.status} ${response.text.slice(0, 200)}` });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ECONNREFUSED") {
          result.refused++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        } else result.lost.push({ error: `${code ?? ""} ${(error as Error).message}` });
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    result,
    mark: () => (markedAt = Date.now()),
    stop: async () => {
      running = false;
      clearInterval(probe);
      await Promise.all(workers);
      return result;
    },
  };
}
