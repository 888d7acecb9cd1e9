import type { Viewer } from "../platform/auth/viewer";
import type { Em } from "../platform/database/orm";
import type { ImportResult } from "../platform/graphql/import-result.type";
import { CertificateStatus } from "../subgraphs/certification/certificate.enums";
import { importCertificates, type CertificateRecord } from "../subgraphs/certification/certificate-import.service";
import { setCertificateStatus } from "../subgraphs/certification/certificate-status.service";
import { defineRecognitionAgreement, type AgreementInput } from "../subgraphs/recognition/agreement.service";

/** The recognition agreements of the demo: the YRD agreement of all four provinces, and the pilot before it. */
export function generateAgreements(): AgreementInput[] {
  return [
    {
      id: "YRD-2020", title: "长三角地区质量基础设施互认合作协议", parties: ["SH", "JS", "ZJ", "AH"],
      subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"], effectiveFrom: "2020-01-01", effectiveUntil: null,
    },
    {
      id: "SH-ZJ-2018", title: "沪浙认证结果互认试点", parties: ["SH", "ZJ"],
      subjectKinds: ["CERTIFICATE"], effectiveFrom: "2018-06-01", effectiveUntil: "2019-12-31",
    },
  ];
}

/**
 * A few certificates with known numbers whose decisions the README shows, one per outcome: the random
 * demo certificates cite only current national standards, so none of them would ever be CONDITIONAL.
 * Holders are the first Jiangsu and Zhejiang enterprises of generateEnterprises (index 1 and 2).
 */
export function generateRecognitionShowcase(enterprises: readonly { uscc: string }[]): CertificateRecord[] {
  const js = enterprises[1]!.uscc;
  const zj = enterprises[2]!.uscc;
  const cert = (over: Partial<CertificateRecord> & Pick<CertificateRecord, "number">): CertificateRecord => ({
    kind: "MANAGEMENT_SYSTEM", scheme: "ISO 9001:2015", issuerId: "CB-ZJ-01", holderUscc: zj, scope: "电子产品的设计、生产和服务",
    standardCodes: ["GB/T 19001-2016"], issuedOn: "2025-03-01", validUntil: "2028-02-28", ...over,
  });
  return [
    // RECOGNIZED everywhere: national standard, accredited issuer, the YRD agreement.
    cert({ number: "DEMO-ZJ-2025-0001" }),
    // CONDITIONAL outside Zhejiang: it cites a Zhejiang local standard with no equivalent elsewhere.
    cert({ number: "DEMO-ZJ-2025-0002", kind: "SERVICE", scheme: "SERVICE", scope: "电梯维护保养服务", standardCodes: ["GB/T 27922-2011", "DB33/T 1114-2019"] }),
    // A YRD unified standard: equivalents in SH and JS, none in AH (CONDITIONAL there only).
    cert({ number: "DEMO-ZJ-2025-0003", kind: "SERVICE", scheme: "SERVICE", scope: "公共信用信息归集服务", standardCodes: ["DB33/T 310003-2021"] }),
    // Suspended after loading (see loadRecognitionDemo): NOT_RECOGNIZED today, RECOGNIZED as of an earlier date.
    cert({ number: "DEMO-JS-2024-0004", issuerId: "CB-JS-01", holderUscc: js, scheme: "ISO 14001:2015", scope: "精密零部件生产及相关环境管理活动", standardCodes: ["GB/T 24001-2016"], issuedOn: "2024-05-01", validUntil: "2027-04-30" }),
    // Expired: NOT_RECOGNIZED on VALIDITY (and its standard is still current).
    cert({ number: "DEMO-ZJ-2021-0005", kind: "PRODUCT", scheme: "CCC", scope: "家用电热水壶", standardCodes: ["GB 4706.1-2005"], issuedOn: "2021-01-15", validUntil: "2024-01-14" }),
  ];
}

/** Defines the agreements, imports the showcase certificates and suspends the one meant to be suspended. */
export async function loadRecognitionDemo(em: Em, enterprises: readonly { uscc: string }[], seeder: Viewer): Promise<ImportResult> {
  for (const agreement of generateAgreements()) await defineRecognitionAgreement(em, seeder, agreement);
  const result = await importCertificates(em, generateRecognitionShowcase(enterprises), seeder);
  const [row] = (await em.execute(`select id::text as id from certification.certificate where issuer_id = 'CB-JS-01' and number = 'DEMO-JS-2024-0004'`)) as { id: string }[];
  if (row) await setCertificateStatus(em, seeder, row.id, CertificateStatus.SUSPENDED, "监督审核发现严重不符合项，暂停证书");
  return result;
}
