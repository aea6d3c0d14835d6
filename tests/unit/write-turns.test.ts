import { describe, expect, it } from "vitest";
import { createLock } from "~/lib/sqlite-adapter.server";
import { inTurnWithWorkers, TURN_PASSED_ON_MS, WRITES_PER_TURN } from "~/lib/write-turns.server";
import { writeTurns } from "../../scripts/lib/workers.mjs";

type Worker = Parameters<ReturnType<typeof writeTurns>["onMessage"]>[0];

/** A stand-in for a cluster worker: it records the turns the primary hands it. */
function worker(name: string, granted: string[]) {
  let connected = true;
  const stub = {
    isConnected: () => connected,
    send: (message: { writeTurn: string; id: number }) => {
      granted.push(`${name} ${message.id}`);
      return true;
    },
    stop: () => (connected = false),
  };
  return stub as unknown as Worker & { stop: () => void };
}

describe("the workers' turns at writing (the primary's side)", () => {
  it("hands one turn at a time, in the order the workers asked", () => {
    const granted: string[] = [];
    const turns = writeTurns();
    const [a, b] = [worker("a", granted), worker("b", granted)];
    turns.onMessage(a, { writeTurn: "ask", id: 1 });
    turns.onMessage(b, { writeTurn: "ask", id: 1 });
    turns.onMessage(a, { writeTurn: "ask", id: 2 });
    expect(granted).toEqual(["a 1"]);
    // Only the holder can end its turn, and only the turn it holds.
    turns.onMessage(b, { writeTurn: "done", id: 1 });
    turns.onMessage(a, { writeTurn: "done", id: 2 });
    expect(granted).toEqual(["a 1"]);
    turns.onMessage(a, { writeTurn: "done", id: 1 });
    expect(granted).toEqual(["a 1", "b 1"]);
    turns.onMessage(b, { writeTurn: "done", id: 1 });
    expect(granted).toEqual(["a 1", "b 1", "a 2"]);
  });

  it("passes the turn on when the worker holding it stops, and drops a stopped worker's place in line", () => {
    const granted: string[] = [];
    const turns = writeTurns();
    const [a, b, c] = [worker("a", granted), worker("b", granted), worker("c", granted)];
    turns.onMessage(a, { writeTurn: "ask", id: 1 });
    turns.onMessage(b, { writeTurn: "ask", id: 1 });
    turns.onMessage(c, { writeTurn: "ask", id: 1 });
    b.stop();
    a.stop();
    turns.forget(a);
    expect(granted).toEqual(["a 1", "c 1"]);
  });

  it("ignores messages that are not about turns", () => {
    const granted: string[] = [];
    const turns = writeTurns();
    turns.onMessage(worker("a", granted), { stoppedListening: true });
    turns.onMessage(worker("a", granted), { answerTo: 1, answer: "x" });
    expect(granted).toEqual([]);
  });
});

describe("a worker's writes in one turn (the worker's side)", () => {
  // The turn's time limit is lifted where a test counts writes, so a slow machine cannot change the count.
  const noTimeLimit = Number.POSITIVE_INFINITY;

  /** A stand-in for the primary: counts the turns asked for and ended; a turn is granted at once. */
  function primary() {
    const counts = { asked: 0, ended: 0 };
    const takeTurn = async () => {
      counts.asked++;
      return () => void counts.ended++;
    };
    return { counts, takeTurn };
  }

  /** `n` writes asked for at once, each holding its turn until every one has asked. */
  async function writesAtOnce(acquire: () => Promise<() => void>, n: number) {
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const release = await acquire();
        order.push(i);
        await new Promise((resolve) => setTimeout(resolve, 1));
        release();
        release();
      }),
    );
    return order;
  }

  it("passes the turn to the writes waiting in this worker, in order, then hands it back", async () => {
    const { counts, takeTurn } = primary();
    const acquire = inTurnWithWorkers(createLock(), takeTurn, noTimeLimit);
    expect(await writesAtOnce(acquire, 3)).toEqual([0, 1, 2]);
    expect(counts).toEqual({ asked: 1, ended: 1 });
  });

  it("hands the turn back after WRITES_PER_TURN writes in a row, so other workers get theirs", async () => {
    const { counts, takeTurn } = primary();
    const acquire = inTurnWithWorkers(createLock(), takeTurn, noTimeLimit);
    await writesAtOnce(acquire, WRITES_PER_TURN * 2 + 1);
    expect(counts).toEqual({ asked: 3, ended: 3 });
  });

  it("hands the turn back after TURN_PASSED_ON_MS, however few writes it served, so a long write is not followed by more", async () => {
    const { counts, takeTurn } = primary();
    const acquire = inTurnWithWorkers(createLock(), takeTurn);
    const long = await acquire();
    const next = acquire();
    await new Promise((resolve) => setTimeout(resolve, TURN_PASSED_ON_MS + 5));
    long();
    (await next)();
    expect(counts).toEqual({ asked: 2, ended: 2 });
  });

  it("hands the turn back at once when nothing else here waits", async () => {
    const { counts, takeTurn } = primary();
    const acquire = inTurnWithWorkers(createLock(), takeTurn, noTimeLimit);
    for (let i = 0; i < 3; i++) (await acquire())();
    expect(counts).toEqual({ asked: 3, ended: 3 });
  });

  it("lets the next write ask again when asking for a turn failed", async () => {
    let fail = true;
    const acquire = inTurnWithWorkers(createLock(), async () => {
      if (fail) throw new Error("the primary is gone");
      return () => {};
    });
    await expect(acquire()).rejects.toThrow("the primary is gone");
    fail = false;
    const release = await acquire();
    release();
  });
});
