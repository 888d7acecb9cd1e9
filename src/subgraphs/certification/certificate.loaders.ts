import type { RequestContext } from "../../platform/graphql/context";
import { readRows } from "../../platform/database/read-rows";
import { pgArray } from "../../platform/database/sql";
import type { GraphQLResolveInfo } from "graphql";
import { groupedLoader, keyedLoader, settledLoader } from "../../platform/loaders";
import { selectsBelow } from "../../platform/graphql/selection";
import { registryReader } from "../registry/registry.reader";
import { standardsReader } from "../standards/standards.reader";
import type { AccreditationScheme, AccreditationStatus } from "../registry/registry.enums";
import type { Accreditation } from "../registry/institution.type";
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
        readRows(ctx.em, StatusChangeEntity, `select * from certification.status_history where certificate_id = any(?::bigint[]) order by at, id`, [pgArray(ids)]),
      (s) => s.certificateId,
    ),
  );

/**
 * The title of a cited standard, null when it is not registered. A certificate may cite a standard
 * nobody has imported yet; listing it would make the gateway ask the standards subgraph for an entity it
 * cannot return, and `[Standard!]!` would then null the whole certificate. The title is what
 * `Certificate.standards` provides (`@provides(fields: "title")`), read through the standards subgraph's
 * read service.
 */
export const standardTitleLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.standardTitle", () =>
    settledLoader<string, string | null>(async (codes) => {
      const titles = await standardsReader(ctx.em).titles(codes);
      return codes.map((code) => titles.get(code) ?? null);
    }),
  );

/** A party a certificate names: its holder (an enterprise) or its issuer (an institution). */
export type Party = { holder: string } | { issuer: string };

/**
 * The names `Certificate.holder` and `Certificate.issuer` provide (`@provides(fields: "name")`), from the
 * registry's read service: a page's holders and issuers in one statement.
 */
export const partyNameLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.partyName", () =>
    settledLoader<Party, string | null, string>(
      async (parties) => {
        const usccs = parties.flatMap((p) => ("holder" in p ? [p.holder] : []));
        const ids = parties.flatMap((p) => ("issuer" in p ? [p.issuer] : []));
        const names = await registryReader(ctx.em).names(usccs, ids);
        return parties.map((p) => ("holder" in p ? names.enterprises.get(p.holder) : names.institutions.get(p.issuer)) ?? null);
      },
      (p) => ("holder" in p ? `E:${p.holder}` : `I:${p.issuer}`),
    ),
  );

/**
 * An issuer's accreditations, which `Certificate.issuer` provides: from the registry's read service, in
 * the registry's order (scheme, number), all of a page's issuers in one statement.
 */
export const issuerAccreditationsLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.issuerAccreditations", () =>
    settledLoader<string, Accreditation[]>(async (ids) => {
      // What Certificate.issuer provides has no status history: the registry answers for that.
      const periods = await registryReader(ctx.em).accreditations(ids, { history: false });
      return ids.map((id) =>
        (periods.get(id) ?? []).map(({ scheme, number, scope, status, validFrom, validUntil }) => ({
          scheme: scheme as AccreditationScheme, number, scope, status: status as AccreditationStatus, validFrom, validUntil,
        })),
      );
    }),
  );

/**
 * Loads ahead, in one batch each, the holder and issuer names, issuers' accreditations and standard
 * titles that a page of certificates will show, when the query selects them: its fields then resolve in place.
 */
export async function loadProvidedAhead(ctx: RequestContext, info: GraphQLResolveInfo, rows: readonly { holderUscc: string; issuerId: string; standardCodes: readonly string[] }[]): Promise<void> {
  const parties: Party[] = [];
  if (selectsBelow(info, "holder", "name")) for (const row of rows) parties.push({ holder: row.holderUscc });
  if (selectsBelow(info, "issuer", "name")) for (const row of rows) parties.push({ issuer: row.issuerId });
  const codes = selectsBelow(info, "standards", "title") ? rows.flatMap((row) => row.standardCodes) : [];
  const issuers = selectsBelow(info, "issuer", "accreditations") ? [...new Set(rows.map((row) => row.issuerId))] : [];
  await Promise.all([
    parties.length && partyNameLoader(ctx).prime(parties),
    codes.length && standardTitleLoader(ctx).prime(codes),
    issuers.length && issuerAccreditationsLoader(ctx).prime(issuers),
  ]);
}
