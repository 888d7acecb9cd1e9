import type { RequestContext } from "../../platform/graphql/context";
import DataLoader from "dataloader";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import { groupedLoader, keyedLoader } from "../../platform/loaders";
import { standardsReader } from "../standards/standards.reader";
import { CertificateEntity } from "./certificate.entity";
import { StatusChangeEntity } from "./status-change.entity";

export const certificateLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.certificate", () =>
    keyedLoader(
      (ids: readonly string[]) => readRows(ctx.em, CertificateEntity, `select * from certification.certificate where id = any(?::bigint[])`, [pgArray(ids)]),
      (c) => c.id,
    ),
  );

export const statusHistoryLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.statusHistory", () =>
    groupedLoader(
      (ids: readonly string[]) =>
        readRows(ctx.em, StatusChangeEntity, `select * from certification.status_change where certificate_id = any(?::bigint[]) order by at, id`, [pgArray(ids)]),
      (s) => s.certificateId,
    ),
  );

/**
 * Whether a cited code is a registered standard. A certificate may cite a standard nobody has imported
 * yet; listing it would make the gateway ask the standards subgraph for an entity it cannot return, and
 * `[Standard!]!` would then null the whole certificate.
 */
export const registeredStandardLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.registeredStandard", () =>
    new DataLoader<string, boolean>(async (codes) => {
      const existing = await standardsReader(ctx.em).existing(codes);
      return codes.map((code) => existing.has(code));
    }),
  );
