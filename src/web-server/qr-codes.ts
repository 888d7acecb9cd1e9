import QRCode from "qrcode";

/** Ids the platform hands out: certificate ids are digits, metrology results "M" + digits. */
const SUBJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const isSubjectId = (id: string): boolean => SUBJECT_ID.test(id);

/** The address a printed code opens: the public verification page of that subject. */
export const verificationUrl = (publicBaseUrl: string, id: string): string => `${publicBaseUrl}/verify/${encodeURIComponent(id)}`;

/**
 * Error correction M (15 %) survives a smudged print; a 4-module quiet zone is what scanners expect.
 * The SVG scales to any print size; the PNG is 512 px for documents that take only bitmaps.
 */
const OPTIONS = { errorCorrectionLevel: "M" as const, margin: 4 };

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: "svg" });
}

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...OPTIONS, type: "png", width: 512 });
}
