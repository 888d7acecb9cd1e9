import DataLoader from "dataloader";
import { pgArray } from "../../platform/database/sql";
import type { RequestContext } from "../../platform/graphql/context";
import { CertificateEntity } from "./certificate.entity";

interface HolderPageKey {
  uscc: string;
  first: number;
  afterId?: string;
}

/**
 * `Enterprise.certificates` for a whole page of enterprises in one statement: a window over the
 * holders' certificates keeps the first `first + 1` of each.
 */
export const holderCertificatesLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.holderCertificates", () =>
    new DataLoader<HolderPageKey, CertificateEntity[], string>(
      async (keys) => {
        const groups = new Map<string, HolderPageKey[]>();
        for (const key of keys) {
          const group = `${key.first}:${key.afterId ?? ""}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const byKey = new Map<string, CertificateEntity[]>();
        for (const group of groups.values()) {
          const { first, afterId } = group[0]!;
          const rows: Record<string, unknown>[] = await ctx.em.execute(
            `select * from (
               select c.*, row_number() over (partition by c.holder_uscc order by c.id) as rn
               from certification.certificate c where c.holder_uscc = any(?::text[]) and c.id > ?
             ) ranked where rn <= ? order by holder_uscc, id`,
            [pgArray(group.map((k) => k.uscc)), afterId ?? "0", first + 1],
          );
          for (const row of rows) {
            const { rn: _rn, ...columns } = row;
            const entity = ctx.em.map(CertificateEntity, columns);
            const cacheKey = `${entity.holderUscc}:${first}:${afterId ?? ""}`;
            byKey.set(cacheKey, [...(byKey.get(cacheKey) ?? []), entity]);
          }
        }
        return keys.map((k) => byKey.get(`${k.uscc}:${k.first}:${k.afterId ?? ""}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.uscc}:${k.first}:${k.afterId ?? ""}` },
    ),
  );

export const holderCertificateCountLoader = (ctx: RequestContext) =>
  ctx.loaders.get("certification.holderCertificateCount", () =>
    new DataLoader<string, number>(async (usccs) => {
      const rows: { holder_uscc: string; n: number }[] = await ctx.em.execute(
        `select holder_uscc, count(*)::int as n from certification.certificate where holder_uscc = any(?::text[]) group by holder_uscc`,
        [pgArray(usccs)],
      );
      const counts = new Map(rows.map((r) => [r.holder_uscc, r.n]));
      return usccs.map((u) => counts.get(u) ?? 0);
    }),
  );
