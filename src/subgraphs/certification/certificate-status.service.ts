import type { Viewer } from "../../platform/auth/viewer";
import { executeBound } from "../../platform/database/bound-query";
import type { Em } from "../../platform/database/orm";
import { readRows, rowMapper } from "../../platform/database/read-rows";
import { transaction } from "../../platform/database/transaction";
import { badUserInput, forbidden, invalidTransition, notFound } from "../../platform/errors";
import { ChangeKind } from "../../platform/feed/change-kind";
import { appendChanges } from "../../platform/feed/outbox";
import type { ProvinceCode } from "../../platform/province";
import { requireText } from "../../platform/validation/text";
import { CertificateEntity, type CertificateRow } from "./certificate.entity";
import { CertificateStatus } from "./certificate.enums";
import { canTransition, isStoredStatus } from "./certificate-status";
import { keepFirstStatuses, recordStatusChanges } from "./status-history";

/**
 * Suspends, reinstates, withdraws or cancels a certificate. A regulator acts only on certificates
 * issued in its province; the change, its history entry and its event commit together.
 */
export async function setCertificateStatus(em: Em, viewer: Viewer, id: string, status: CertificateStatus, reason: string): Promise<CertificateRow> {
  if (!isStoredStatus(status)) throw badUserInput("STATUS_NOT_ALLOWED", `${status} cannot be set: it follows from validUntil`, "status");
  const why = requireText(reason, "reason", 1000);
  if (!/^\d{1,18}$/.test(id)) throw notFound(`Certificate ${id}`);
  return transaction(em, async (tx) => {
    const [certificate] = await readRows(tx, CertificateEntity, `select * from certification.certificate where id = ? for update`, [id]);
    if (!certificate) throw notFound(`Certificate ${id}`);
    if (viewer.role === "regulator" && certificate.province !== viewer.province) {
      throw forbidden(`A regulator of ${viewer.province} may not change a certificate issued in ${certificate.province}`);
    }
    if (!isStoredStatus(certificate.status) || !canTransition(certificate.status, status)) {
      throw invalidTransition(`Certificate ${certificate.number} is ${certificate.status} and cannot become ${status}`);
    }
    await keepFirstStatuses(tx, [id]);
    const [changed] = (await executeBound(tx, `update certification.certificate set status = ?, updated_at = now() where id = ? returning *`, [status, id])).map(rowMapper(tx, CertificateEntity));
    await recordStatusChanges(tx, [{ certificate_id: id, status, reason: why, actor: viewer.sub ?? viewer.role, at: new Date().toISOString() }]);
    await appendChanges(tx, [{ kind: ChangeKind.CERTIFICATE_STATUS_CHANGED, province: certificate.province as ProvinceCode, subjectId: id }]);
    return changed!;
  });
}
