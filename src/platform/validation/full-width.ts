/**
 * Full-width ASCII (U+FF01-U+FF5E: ９, Ａ, －) as ASCII, and the ideographic space as a space: what a
 * Chinese input method types for a code or a date. Nothing else: NFKC would also read circled digits
 * (⑦), superscripts (⁷) or Roman numerals (Ⅽ) as digits and letters, and store a code nobody typed.
 */
export const foldFullWidth = (text: string): string =>
  text.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
