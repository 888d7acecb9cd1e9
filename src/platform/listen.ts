import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Partners' subscriptions reconnect together after a restart or a network blip. With Node's default
 * backlog of 511, bench W4's 1,000 subscribers connecting at once overflowed the accept queue
 * (TcpExtListenOverflows in the hundreds): each dropped handshake waits a second for its retransmit,
 * and a few connections were reset. The kernel caps the figure at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/** Starts `server` listening and resolves with the address it took (port 0 picks a free one). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
