import type { Em } from "../../platform/database/orm";
import { executeRead } from "../../platform/database/replicas";
import { executeBound } from "../../platform/database/bound-query";
import { pgArray } from "../../platform/database/sql";
import type { ProvinceCode } from "../../platform/province";
import type { Candidate } from "../../platform/graphql/import-intake";
import type { ImportOutcome } from "../../platform/graphql/import-result.type";

/**
 * The registry's read service for other subgraphs: plain records, no entities, so a subgraph that
 * validates against the registry (an import checking its issuer and holder) never imports ours.
 */
export interface InstitutionSummary {
  id: string;
  name: string;
  kind: "CERTIFICATION_BODY" | "TESTING_LAB" | "METROLOGY_INSTITUTE";
  province: ProvinceCode;
}

export interface EnterpriseSummary {
  uscc: string;
  name: string;
  province: ProvinceCode | null;
}

export interface AccreditationPeriod {
  institutionId: string;
  scheme: string;
  number: string;
  scope: string[];
  status: string;
  validFrom: string;
  validUntil: string | null;
  /** Status changes in date order, the first from validFrom. */
  history: { status: string; effectiveOn: string }[];
}

/** How an import of issued records names its issuer and its party (a certificate's holder, a result's owner). */
export interface IssuedRecordRules<Row> {
  issuerId(row: Row): string;
  partyUscc(row: Row): string;
  issuerKinds: readonly InstitutionSummary["kind"][];
  /** As ISSUER_KIND says it: "a certification body". */
  issuerKindName: string;
  /** The refusal of an unregistered party: UNKNOWN_HOLDER on holderUscc, UNKNOWN_OWNER on ownerUscc. */
  unknownParty: { code: string; field: string };
}

export function registryReader(em: Em) {
  const reader = {
    async institutions(ids: readonly string[]): Promise<Map<string, InstitutionSummary>> {
      if (!ids.length) return new Map();
      const rows = await executeRead<InstitutionSummary>(em, 
        `select id, name, kind, province from registry.institution where id = any(?::text[])`,
        [pgArray([...new Set(ids)])],
      );
      return new Map(rows.map((row) => [row.id, row]));
    },

    async enterprises(usccs: readonly string[]): Promise<Map<string, EnterpriseSummary>> {
      if (!usccs.length) return new Map();
      // One index probe per key, whatever the table's size (`= any` of a long array plans a scan).
      const rows = await executeBound<EnterpriseSummary>(em,
        `select e.uscc, e.name, e.province from unnest(?::text[]) as k(uscc) join registry.enterprise e on e.uscc = k.uscc`,
        [pgArray([...new Set(usccs)])],
      );
      return new Map(rows.map((row) => [row.uscc, row]));
    },

    /** The names of these enterprises and institutions, in one statement (what a certificate shows of its holder and issuer). */
    async names(usccs: readonly string[], institutionIds: readonly string[]): Promise<{ enterprises: Map<string, string>; institutions: Map<string, string> }> {
      const names = { enterprises: new Map<string, string>(), institutions: new Map<string, string>() };
      if (!usccs.length && !institutionIds.length) return names;
      // On a replica when the request may read one: certificates show these names on every read.
      const rows = await executeRead<{ enterprise: boolean; key: string; name: string }>(em,
        `select true as enterprise, e.uscc as key, e.name from unnest(?::text[]) as k(uscc) join registry.enterprise e on e.uscc = k.uscc
         union all
         select false, i.id, i.name from registry.institution i where i.id = any(?::text[])`,
        [pgArray([...new Set(usccs)]), pgArray([...new Set(institutionIds)])],
      );
      for (const row of rows) (row.enterprise ? names.enterprises : names.institutions).set(row.key, row.name);
      return names;
    },

    /**
     * The registry's checks of an import of issued records, in two statements: the issuer is a registered
     * institution of an allowed kind (UNKNOWN_ISSUER, ISSUER_KIND) and the party a registered enterprise.
     * Refusals go to the outcome; the others come back with their issuer and party.
     */
    async checkIssuedRecords<Row>(candidates: readonly Candidate<Row>[], outcome: ImportOutcome, rules: IssuedRecordRules<Row>) {
      const issuers = await reader.institutions(candidates.map((c) => rules.issuerId(c.row)));
      const parties = await reader.enterprises(candidates.map((c) => rules.partyUscc(c.row)));
      const checked: (Candidate<Row> & { issuer: InstitutionSummary; party: EnterpriseSummary })[] = [];
      for (const { index, row } of candidates) {
        const issuerId = rules.issuerId(row);
        const issuer = issuers.get(issuerId);
        if (!issuer) { outcome.reject(index, "UNKNOWN_ISSUER", `No institution ${issuerId} is registered`, "issuerId"); continue; }
        if (!rules.issuerKinds.includes(issuer.kind)) { outcome.reject(index, "ISSUER_KIND", `${issuerId} is a ${issuer.kind}, not ${rules.issuerKindName}`, "issuerId"); continue; }
        const party = parties.get(rules.partyUscc(row));
        if (!party) {
          outcome.reject(index, rules.unknownParty.code, `No enterprise ${rules.partyUscc(row)} is registered; import it first`, rules.unknownParty.field);
          continue;
        }
        checked.push({ index, row, issuer, party });
      }
      return checked;
    },

    /** Each institution's accreditations; `history: false` leaves their status histories out (empty). */
    async accreditations(institutionIds: readonly string[], options: { history?: boolean } = {}): Promise<Map<string, AccreditationPeriod[]>> {
      const result = new Map<string, AccreditationPeriod[]>();
      if (!institutionIds.length) return result;
      const history = options.history === false
        ? `'[]'::jsonb`
        : `coalesce((select jsonb_agg(jsonb_build_object('status', h.status, 'effectiveOn', h.effective_on::text) order by h.effective_on, h.id)
                     from registry.accreditation_status_change h where h.accreditation_id = a.id), '[]')`;
      const rows = await executeRead<AccreditationPeriod>(em,
        `select a.institution_id as "institutionId", a.scheme, a.number, a.scope, a.status,
                a.valid_from::text as "validFrom", a.valid_until::text as "validUntil", ${history} as history
         from registry.accreditation a where a.institution_id = any(?::text[])
         order by a.institution_id, a.scheme, a.number`,
        [pgArray([...new Set(institutionIds)])],
      );
      for (const row of rows) {
        const list = result.get(row.institutionId) ?? [];
        list.push(row);
        result.set(row.institutionId, list);
      }
      return result;
    },
  };
  return reader;
}

export type RegistryReader = ReturnType<typeof registryReader>;
