import { createReadStream } from "node:fs";
import type pg from "pg";

/**
 * COPY ... FROM STDIN with a file streamed to the server, on node-postgres's submittable interface
 * (what pg-copy-streams does; it is not a dependency here). The raw speed limit for W3.
 */
export function copyFromFile(client: pg.Client, sql: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed: Error | null = null;
    const submittable = {
      submit(connection: any) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: any) {
        const stream = createReadStream(file, { highWaterMark: 1 << 20 });
        stream.on("data", (chunk) => connection.sendCopyFromChunk(chunk));
        stream.on("end", () => connection.endCopyFrom());
        stream.on("error", (error) => connection.sendCopyFail(error.message));
      },
      handleCommandComplete(message: { text: string }) {
        rows = Number(message.text.split(" ").pop());
      },
      handleError(error: Error) {
        failed = error;
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(rows);
      },
    };
    client.query(submittable as unknown as pg.QueryConfig);
  });
}
