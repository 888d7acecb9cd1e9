import type { TextCodec } from "./text-encoding";

/** How much of a refused row the rejected-rows file keeps. */
export const MAX_RAW_BYTES = 64 << 10;

/** A refused row's bytes as text (undecodable bytes as U+FFFD), its first MAX_RAW_BYTES only. */
export const rawText = (bytes: Buffer, codec: TextCodec): string =>
  bytes.length > MAX_RAW_BYTES ? `${codec.decodeLoose(bytes.subarray(0, MAX_RAW_BYTES))}…` : codec.decodeLoose(bytes);

/**
 * A row's bytes as they are in the file, in base64, its first MAX_RAW_BYTES only: the text of a row
 * refused for its encoding has U+FFFD where its bytes were, so only these let it be recovered.
 */
export const rawBase64 = (bytes: Buffer): string => bytes.subarray(0, MAX_RAW_BYTES).toString("base64");
