import type { IsoDate } from "../../platform/dates";
import { CertificateStatus } from "./certificate.enums";

export type StoredStatus = Exclude<CertificateStatus, CertificateStatus.EXPIRED>;

const TRANSITIONS: Record<StoredStatus, readonly StoredStatus[]> = {
  [CertificateStatus.ACTIVE]: [CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN, CertificateStatus.CANCELLED],
  [CertificateStatus.SUSPENDED]: [CertificateStatus.ACTIVE, CertificateStatus.WITHDRAWN, CertificateStatus.CANCELLED],
  [CertificateStatus.WITHDRAWN]: [],
  [CertificateStatus.CANCELLED]: [],
};

export const STORED_STATUSES = Object.keys(TRANSITIONS) as StoredStatus[];

export const isStoredStatus = (status: unknown): status is StoredStatus => typeof status === "string" && Object.hasOwn(TRANSITIONS, status);

export const canTransition = (from: StoredStatus, to: StoredStatus): boolean => TRANSITIONS[from].includes(to);

/** WITHDRAWN and CANCELLED are final; anything else past its validUntil reads as EXPIRED. */
export function effectiveStatus(stored: StoredStatus, validUntil: IsoDate, on: IsoDate): CertificateStatus {
  if (stored === CertificateStatus.WITHDRAWN || stored === CertificateStatus.CANCELLED) return stored;
  return validUntil < on ? CertificateStatus.EXPIRED : stored;
}
