import type { Viewer } from "../../platform/auth/viewer";
import type { Em } from "../../platform/database/orm";
import { badUserInput, forbidden, invalidTransition, notFound } from "../../platform/errors";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges } from "../../platform/feed/outbox";
import type { ProvinceCode } from "../../platform/province";
import { requireText } from "../../platform/validation/text";
import { CertificateEntity } from "./certificate.entity";
import { CertificateStatus } from "./certificate.enums";
import { canTransition, isStoredStatus } from "./certificate-status";

/**
 * Suspends, reinstates, withdraws or cancels a certificate. A regulator acts only on certificates
 * issued in its province; the change, its history entry and its event commit together.
 */
export async function setCertificateStatus(em: Em, viewer: Viewer, id: string, status: CertificateStatus, reason: string): Promise<CertificateEntity> {
  if (!isStoredStatus(status)) throw badUserInput("STATUS_NOT_ALLOWED", `${status} cannot be set: it follows from validUntil`, "status");
  const why = requireText(reason, "reason", 1000);
  if (!/^\d{1,18}$/.test(id)) throw notFound(`Certificate ${id}`);
  return em.transactional(async (tx) => {
    const certificate = await tx.findOne(CertificateEntity, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
    if (!certificate) throw notFound(`Certificate ${id}`);
    if (viewer.role === "regulator" && certificate.province !== viewer.province) {
      throw forbidden(`A regulator of ${viewer.province} may not change a certificate issued in ${certificate.province}`);
    }
    if (!isStoredStatus(certificate.status) || !canTransition(certificate.status, status)) {
      throw invalidTransition(`Certificate ${certificate.number} is ${certificate.status} and cannot become ${status}`);
    }
    certificate.status = status;
    certificate.updatedAt = new Date();
    await tx.flush();
    await tx.execute(`insert into certification.status_change (certificate_id, status, reason, actor) values (?, ?, ?, ?)`, [id, status, why, viewer.sub ?? viewer.role]);
    await appendChanges(tx, [{ kind: ChangeKind.CERTIFICATE_STATUS_CHANGED, province: certificate.province as ProvinceCode, subjectId: id }]);
    return certificate;
  });
}
