import type { RequestContext } from "../../platform/graphql/context";
import { groupedLoader, keyedLoader } from "../../platform/loaders";
import { CertificateEntity } from "./certificate.entity";
import { StatusChangeEntity } from "./status-change.entity";

export const certificateLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.certificate", () =>
    keyedLoader((ids: readonly string[]) => ctx.em.find(CertificateEntity, { id: { $in: [...ids] } }), (c) => c.id),
  );

export const statusHistoryLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.statusHistory", () =>
    groupedLoader(
      (ids: readonly string[]) => ctx.em.find(StatusChangeEntity, { certificateId: { $in: [...ids] } }, { orderBy: { at: "asc", id: "asc" } }),
      (s) => s.certificateId,
    ),
  );
