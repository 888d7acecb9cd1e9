import { fitToWidth } from "../../src/import/progress";

const bar = { barCompleteString: "█".repeat(41), barIncompleteString: "░".repeat(41) };
const payload = { rows: 136000, rate: 5571, accepted: 135000, rejected: 1000, etaText: "1m05s" };

describe("the progress bar's line", () => {
  it.each([160, 120, 100, 80, 60, 40, 36])("keeps the rejected count and the ETA within %i columns", (width) => {
    const line = fitToWidth(bar, { progress: 0.45, maxWidth: width }, payload);
    expect(line.length).toBeLessThan(width);
    expect(line).toMatch(/rej(ected)? 1000/);
    expect(line).toMatch(/ETA 1m05s$/);
    expect(line).toMatch(/^(█|░|45%)/);
  });

  it("names every number in words and draws the bar where there is room, in short where there is less", () => {
    expect(fitToWidth(bar, { progress: 0.45, maxWidth: 160 }, payload)).toBe(
      `${"█".repeat(18)}${"░".repeat(22)} 45% | 136000 rows | 5571 rows/s | accepted 135000 | rejected 1000 | ETA 1m05s`);
    expect(fitToWidth(bar, { progress: 0.45, maxWidth: 80 }, payload)).toMatch(/^[█░]{10,} 45% 136000 rows 5571\/s ok 135000 rej 1000 ETA 1m05s$/);
    expect(fitToWidth(bar, { progress: 0.45, maxWidth: 40 }, payload)).toBe("45% ok 135000 rej 1000 ETA 1m05s");
  });
});
