/** The progress line: only on a TTY, outside CI, for scans of more than the threshold. */
import { ProgressReporter, PROGRESS_THRESHOLD } from "../../src/cli/progress";

function fakeStream(isTTY: boolean): { isTTY: boolean; written: string[]; write: (text: string) => boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => (written.push(text), true) };
}

function run(reporter: ProgressReporter, total: number): void {
  reporter.start(total);
  for (let i = 0; i < total; i++) reporter.tick();
  reporter.done();
}

describe("ProgressReporter", () => {
  it.each<[string, boolean, NodeJS.ProcessEnv, number, boolean]>([
    ["a long scan on a terminal", true, {}, 1000, true],
    ["a long scan with CI=false", true, { CI: "false" }, 1000, true],
    ["a short scan", true, {}, PROGRESS_THRESHOLD, false],
    ["CI=true", true, { CI: "true" }, 1000, false],
    ["CI=1", true, { CI: "1" }, 1000, false],
    ["a pipe", false, {}, 1000, false],
    ["TERM=dumb", true, { TERM: "dumb" }, 1000, false],
  ])("%s draws: %s", (_name, isTTY, env, total, draws) => {
    const stream = fakeStream(isTTY);
    run(new ProgressReporter(stream, { env, now: () => 0 }), total);
    expect(stream.written.length > 0).toBe(draws);
  });

  it("throttles redraws, ends with the evaluation step and clears its line", () => {
    const stream = fakeStream(true);
    let now = 0;
    const reporter = new ProgressReporter(stream, { env: {}, intervalMs: 100, now: () => now });
    reporter.start(1000);
    for (let i = 0; i < 1000; i++) {
      now += 1;
      reporter.tick();
    }
    expect(stream.written.length).toBeLessThan(20);
    expect(stream.written[0]).toContain("reading files 0/1000 (0%)");
    expect(stream.written[stream.written.length - 1]).toContain("read 1000 files, evaluating");
    reporter.done();
    expect(stream.written[stream.written.length - 1]).toBe("\r\x1b[2K");
    expect(stream.written.every((text) => !text.includes("\n"))).toBe(true);
  });

  it("writes nothing on done when it never drew", () => {
    const stream = fakeStream(true);
    const reporter = new ProgressReporter(stream, { env: {} });
    reporter.done();
    reporter.tick();
    expect(stream.written).toEqual([]);
  });
});
