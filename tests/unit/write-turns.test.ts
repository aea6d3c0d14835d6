import { describe, expect, it } from "vitest";
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
