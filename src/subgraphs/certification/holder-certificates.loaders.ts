import type { RequestContext } from "../../platform/graphql/context";
import { rowMapper } from "../../platform/database/read-rows";
import { ownerCountLoader, ownerPagesLoader } from "../../platform/graphql/owner-pages";
import { CertificateEntity } from "./certificate.entity";

const CERTIFICATES_BY_HOLDER = { table: "certification.certificate", ownerColumn: "holder_uscc" };

/** `Enterprise.certificates` for a whole page of enterprises in one statement. */
export const holderCertificatesLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.holderCertificates", () =>
    ownerPagesLoader(ctx.em, CERTIFICATES_BY_HOLDER, rowMapper(ctx.em, CertificateEntity)),
  );

export const holderCertificateCountLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.holderCertificateCount", () => ownerCountLoader(ctx.em, CERTIFICATES_BY_HOLDER));
