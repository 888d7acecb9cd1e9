import { open } from "node:fs/promises";

const LF = 0x0a;
const CR = 0x0d;
const isLineEnd = (byte: number | undefined) => byte === LF || byte === CR;

/**
 * The bytes of a file that one run imports: those it had when the run opened it (the size in its
 * checkpoint's key). Rows appended since belong to the next run, which finds the file changed and
 * imports it afresh (see fileKey); read here, they would be imported without the scan for repeated keys
 * having seen them, and the checkpoint would point past the size it records.
 */
export class FileExtent {
  private cut?: Promise<boolean>;

  constructor(readonly path: string, readonly size: number) {}

  /**
   * Whether the last line within the extent goes on past it: the file was still being written when
   * the run opened it (an export in progress), so that line is cut, not the file's last row, and is
   * refused rather than imported with its last cell cut short. Decided once a run, when first asked
   * (by the reader that reaches the end first), so that the scan and the batches read the same rows.
   */
  lastLineCut(): Promise<boolean> {
    return (this.cut ??= this.goesOnPastEnd());
  }

  private async goesOnPastEnd(): Promise<boolean> {
    if (this.size === 0) return false;
    // Moved or deleted since it was read: nothing tells, and the line is taken for the file's last.
    const handle = await open(this.path, "r").catch(() => null);
    if (!handle) return false;
    try {
      const bytes = Buffer.alloc(2);
      const { bytesRead } = await handle.read(bytes, 0, 2, this.size - 1);
      return bytesRead === 2 && !isLineEnd(bytes[0]) && !isLineEnd(bytes[1]);
    } finally {
      await handle.close();
    }
  }
}

/** What a row cut off at the end of the extent is refused with (PARSE_ERROR). */
export const CUT_ROW_MESSAGE =
  "The row is cut off where the file ended when this import began, and the file has grown since (was it still being written?): import it again once it is complete";
