import os from "node:os";
import { describe, expect, it } from "vitest";
import { workerCount } from "../../scripts/lib/workers.mjs";

describe("how many workers serve", () => {
  it("is one per available core when WEB_CONCURRENCY is unset or empty", () => {
    expect(workerCount(undefined)).toEqual({ count: os.availableParallelism() });
    expect(workerCount(" ")).toEqual({ count: os.availableParallelism() });
    expect(workerCount(undefined, 3)).toEqual({ count: 3 });
  });

  it("is at most 64 on a machine with more cores, as when set", () => {
    expect(workerCount(undefined, 96)).toEqual({ count: 64 });
  });

  it("is WEB_CONCURRENCY when it is a whole number from 1 to 64", () => {
    expect(workerCount("1")).toEqual({ count: 1 });
    expect(workerCount(" 4 ")).toEqual({ count: 4 });
    expect(workerCount("64")).toEqual({ count: 64 });
  });

  it("refuses anything else with a message that says what is allowed", () => {
    for (const setting of ["0", "65", "-2", "2.5", "1e1", "two", "0x4"]) {
      const answer = workerCount(setting);
      expect(answer, setting).toEqual({ problem: expect.stringContaining("WEB_CONCURRENCY must be a whole number of workers from 1 to 64") });
    }
  });
});
