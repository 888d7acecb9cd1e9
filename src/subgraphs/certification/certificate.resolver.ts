import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { today } from "../../platform/dates";
import { limitExceeded } from "../../platform/errors";
import type { RequestContext } from "../../platform/graphql/context";
import { ImportResult, MAX_IMPORT_BATCH } from "../../platform/graphql/import-result.type";
import { decodeIdCursor, encodeCursor, pageSize, toPage, type CountedPage } from "../../platform/graphql/pagination";
import { CertificateEntity, type CertificateRow } from "./certificate.entity";
import { CertificateStatus } from "./certificate.enums";
import { CertificateFilter, CertificateInput } from "./certificate.inputs";
import { certificateLoader, loadProvidedAhead, standardTitleLoader, statusHistoryLoader } from "./certificate.loaders";
import { countCertificates, findCertificates, findCertificatesByNumber } from "./certificate-search.service";
import { importCertificates } from "./certificate-import.service";
import { setCertificateStatus } from "./certificate-status.service";
import { effectiveStatus, type StoredStatus } from "./certificate-status";
import { Certificate, CertificateConnection, StatusChange } from "./certificate.type";
import { Enterprise, Institution, Standard } from "./references.type";
import { canSeeStatusReasons } from "./certificate.access";

export const CERTIFICATE_CURSOR = "certificate";

@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => Certificate, { nullable: true })
  certificate(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return /^\d{1,18}$/.test(id) ? certificateLoader(ctx).load(id) : null;
  }

  @Query(() => [Certificate], { description: "Every certificate with this number (numbers are unique per issuer only)" })
  async certificatesByNumber(@Arg("number", () => String) number: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    const rows = await findCertificatesByNumber(ctx.em, number);
    await loadProvidedAhead(ctx, info, rows);
    return rows;
  }

  @Query(() => CertificateConnection)
  async certificates(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => CertificateFilter, { nullable: true }) filter?: CertificateFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const rows = await findCertificates(ctx.em, filter ?? {}, size, decodeIdCursor(CERTIFICATE_CURSOR, after));
    const page = toPage(rows, size, (c) => encodeCursor(CERTIFICATE_CURSOR, c.id));
    await loadProvidedAhead(ctx, info, page.edges.map((e) => e.node));
    return { ...page, countTotal: () => countCertificates(ctx.em, filter ?? {}) };
  }

  @Authorized("admin", "issuer")
  @Mutation(() => ImportResult)
  importCertificates(@Arg("records", () => [CertificateInput]) records: CertificateInput[], @Ctx() ctx: RequestContext) {
    if (records.length > MAX_IMPORT_BATCH) throw limitExceeded(`An import takes at most ${MAX_IMPORT_BATCH} records; use npm run import for files`);
    return importCertificates(ctx.em, records, ctx.viewer);
  }

  @Authorized("admin", "regulator")
  @Mutation(() => Certificate)
  setCertificateStatus(
    @Arg("id", () => ID) id: string,
    @Arg("status", () => CertificateStatus) status: CertificateStatus,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: RequestContext,
  ) {
    return setCertificateStatus(ctx.em, ctx.viewer, id, status, reason);
  }

  @FieldResolver(() => CertificateStatus, { description: "EXPIRED is derived from validUntil, never stored as given" })
  status(@Root() certificate: CertificateRow): CertificateStatus {
    return effectiveStatus(certificate.status as StoredStatus, certificate.validUntil, today());
  }

  @FieldResolver(() => [StatusChange])
  async statusHistory(@Root() certificate: CertificateRow, @Ctx() ctx: RequestContext): Promise<StatusChange[]> {
    const showReasons = canSeeStatusReasons(ctx.viewer, certificate);
    const changes = await statusHistoryLoader(ctx).load(certificate.id);
    return changes.map((c) => ({ status: c.status as CertificateStatus, reason: showReasons ? c.reason : null, at: c.at }));
  }

  @Directive(`@provides(fields: "name")`)
  @FieldResolver(() => Enterprise)
  holder(@Root() certificate: CertificateRow): Enterprise {
    return { uscc: certificate.holderUscc };
  }

  @Directive(`@provides(fields: "name accreditations { scheme number scope status validFrom validUntil }")`)
  @FieldResolver(() => Institution)
  issuer(@Root() certificate: CertificateRow): Institution {
    return { id: certificate.issuerId };
  }

  @Directive(`@provides(fields: "title")`)
  @FieldResolver(() => [Standard], { description: "The cited standards that are registered; a cited code not (yet) imported is left out" })
  standards(@Root() certificate: CertificateRow, @Ctx() ctx: RequestContext): Standard[] | Promise<Standard[]> {
    const loader = standardTitleLoader(ctx);
    const titles = certificate.standardCodes.map((code) => loader.load(code));
    const cited = (loaded: (string | null)[]) =>
      certificate.standardCodes.flatMap((code, i) => {
        const title = loaded[i];
        return typeof title === "string" ? [{ code, title }] : [];
      });
    // In place when the page loaded its titles ahead (loadProvidedAhead).
    return titles.some((t) => t instanceof Promise) ? Promise.all(titles).then(cited) : cited(titles as (string | null)[]);
  }
}

@Resolver(() => CertificateConnection)
export class CertificateConnectionResolver {
  @FieldResolver(() => Int, { description: "Matches of the filter, across all pages" })
  totalCount(@Root() connection: CountedPage<CertificateEntity>): Promise<number> {
    return connection.countTotal();
  }
}
