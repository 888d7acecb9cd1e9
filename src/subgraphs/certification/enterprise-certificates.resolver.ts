import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../platform/graphql/context";
import { decodeIdCursor, encodeCursor, pageSize, toPage } from "../../platform/graphql/pagination";
import { CertificateConnection } from "./certificate.type";
import { holderCertificateCountLoader, holderCertificatesLoader } from "./holder-certificates.loaders";
import { CERTIFICATE_CURSOR } from "./certificate.resolver";
import { loadProvidedAhead } from "./certificate.loaders";
import { Enterprise } from "./references.type";

@Resolver(() => Enterprise)
export class EnterpriseCertificatesResolver {
  @FieldResolver(() => CertificateConnection)
  async certificates(
    @Root() enterprise: Enterprise,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const rows = await holderCertificatesLoader(ctx).load({ owner: enterprise.uscc, first: size, afterId: decodeIdCursor(CERTIFICATE_CURSOR, after) });
    const page = toPage(rows, size, (c) => encodeCursor(CERTIFICATE_CURSOR, c.id));
    await loadProvidedAhead(ctx, info, page.edges.map((e) => e.node));
    return { ...page, countTotal: () => holderCertificateCountLoader(ctx).load(enterprise.uscc) };
  }
}
