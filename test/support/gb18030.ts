/**
 * Text as GB18030 bytes, for test files saved the way Excel on a Chinese Windows saves CSV. Node can
 * decode GB18030 but not encode it, so the table is the decoder's run backwards over the two-byte
 * (GBK) range, which holds every character these tests write; ASCII stays one byte.
 */
let table: Map<string, Buffer> | null = null;

function gbkTable(): Map<string, Buffer> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder("gb18030", { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      try {
        const char = decoder.decode(bytes);
        if (!table.has(char)) table.set(char, bytes);
      } catch {
        // not a character
      }
    }
  }
  return table;
}

export function gb18030(text: string): Buffer {
  const chars = gbkTable();
  return Buffer.concat(
    [...text].map((char) => {
      if (char.charCodeAt(0) < 0x80) return Buffer.from(char, "latin1");
      const bytes = chars.get(char);
      if (!bytes) throw new Error(`no two-byte GB18030 form of ${char}`);
      return bytes;
    }),
  );
}
