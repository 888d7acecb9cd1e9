export const SEARCH = `query ConsoleSearch($filter: CertificateFilter, $first: Int, $after: String) {
  certificates(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id number kind province status validUntil holder { name } issuer { name } } }
  }
}`;

export const DETAIL = `query ConsoleCertificate($id: ID!) {
  certificate(id: $id) {
    id number kind scheme province scope issuedOn validUntil status updatedAt
    holder { uscc name }
    issuer { id name province }
    standards { code }
    statusHistory { status reason at }
  }
}`;

export const SET_STATUS = `mutation ConsoleSetStatus($id: ID!, $status: CertificateStatus!, $reason: String!) {
  setCertificateStatus(id: $id, status: $status, reason: $reason) { id number status updatedAt }
}`;

export const CERTIFICATE_STATUSES = ["ACTIVE", "SUSPENDED", "WITHDRAWN", "CANCELLED", "EXPIRED"] as const;
export const CERTIFICATE_KINDS = ["PRODUCT", "MANAGEMENT_SYSTEM", "SERVICE"] as const;

/** What a person may ask for from each stored status (the server's rules, so the console offers no dead ends). */
export const TRANSITIONS: Record<string, string[]> = {
  ACTIVE: ["SUSPENDED", "WITHDRAWN", "CANCELLED"],
  SUSPENDED: ["ACTIVE", "WITHDRAWN", "CANCELLED"],
};

export interface SearchRow {
  id: string; number: string; kind: string; province: string; status: string; validUntil: string;
  holder: { name: string }; issuer: { name: string };
}

export interface SearchPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: SearchRow }[];
}

export interface CertificateDetail {
  id: string; number: string; kind: string; scheme: string; province: string; scope: string;
  issuedOn: string; validUntil: string; status: string; updatedAt: string;
  holder: { uscc: string; name: string };
  issuer: { id: string; name: string; province: string };
  standards: { code: string }[];
  statusHistory: { status: string; reason: string | null; at: string }[];
}
