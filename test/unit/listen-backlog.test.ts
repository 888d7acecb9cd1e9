import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { LISTEN_BACKLOG, listen } from "../../src/platform/listen";

/**
 * A burst of connections reaching a server whose event loop is busy waits in the kernel's accept
 * queue. Past the listen backlog the kernel drops the SYN and the client waits a second for its
 * retransmit, which is what 1,000 partner subscribers reconnecting at once met with Node's default
 * backlog of 511 (bench W4).
 */
const BURST = 800;
const somaxconn = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** How many of BURST connections, opened while the server's thread is blocked, complete within `withinMs`. */
async function connectedDuringBurst(server: http.Server, port: number, withinMs: number): Promise<number> {
  const sockets: net.Socket[] = [];
  let connected = 0;
  const started = Date.now();
  for (let i = 0; i < BURST; i++) {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.on("connect", () => { if (Date.now() - started <= withinMs) connected++; });
    socket.on("error", () => undefined);
    sockets.push(socket);
  }
  // The connects go out on the next tick; the server's accepts cannot run until the block ends.
  await new Promise<void>((resolve) => setImmediate(() => { blockFor(300); resolve(); }));
  await new Promise((resolve) => setTimeout(resolve, withinMs - (Date.now() - started)));
  for (const socket of sockets) socket.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return connected;
}

describe("listen", () => {
  it("queues a burst of connections up to its backlog, where Node's default drops those past 511", async () => {
    const server = http.createServer();
    const { port } = await listen(server, 0, "127.0.0.1");
    // Within 800 ms: past the 300 ms block, before a dropped SYN's one-second retransmit.
    expect(await connectedDuringBurst(server, port, 800)).toBe(Math.min(BURST, LISTEN_BACKLOG, somaxconn + 1));

    const byDefault = http.createServer();
    await new Promise<void>((resolve) => byDefault.listen(0, "127.0.0.1", resolve));
    // Node's default backlog of 511 queues 512.
    expect(await connectedDuringBurst(byDefault, (byDefault.address() as net.AddressInfo).port, 800)).toBe(Math.min(512, somaxconn + 1));
  });

  it("rejects with the listen error when the port is taken", async () => {
    const first = http.createServer();
    const { port } = await listen(first, 0, "127.0.0.1");
    await expect(listen(http.createServer(), port, "127.0.0.1")).rejects.toMatchObject({ code: "EADDRINUSE" });
    await new Promise((resolve) => first.close(resolve));
  });
});
