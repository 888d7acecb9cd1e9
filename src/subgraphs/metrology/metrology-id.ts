/**
 * Metrology results are stored under a bigint identity but travel as "M" + number: verifyRecognition
 * takes a bare subject id for certificates ("42") and metrology results alike, so the two never collide.
 */
export const METROLOGY_ID_PREFIX = "M";

export const toMetrologyId = (dbId: string | number | bigint): string => `${METROLOGY_ID_PREFIX}${dbId}`;

/** The stored identity of a public id, or null for anything that is not "M" followed by digits. */
export function fromMetrologyId(id: string): string | null {
  const match = /^M(\d{1,18})$/.exec(id.trim());
  return match ? String(BigInt(match[1]!)) : null;
}
