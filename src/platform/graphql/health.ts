import { Router } from "express";
import type { Orm } from "../database/orm";
import { pendingMigrations } from "../database/orm";
import { isDraining } from "../observability/lifecycle";

/** `/healthz`: the process answers. `/readyz`: the database answers and its schema is current. */
export function healthRoutes(orm: Orm): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    // After SIGTERM the load balancer must stop sending before the server stops accepting.
    if (isDraining()) return void res.status(503).json({ status: "draining" });
    try {
      await orm.em.fork().execute("select 1");
      const pending = await pendingMigrations(orm);
      if (pending.length) res.status(503).json({ status: "migrations pending", pending });
      else res.json({ status: "ready" });
    } catch (error) {
      res.status(503).json({ status: "database unreachable", error: (error as Error).message });
    }
  });
  return router;
}
