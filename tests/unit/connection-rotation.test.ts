import type { Worker } from "node:cluster";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { connectionRotation } from "../../scripts/lib/workers.mjs";

/** What the primary sent, in order: "a gets 1" for a connection, "a: no more" when told none are coming. */
function primary() {
  const sent: string[] = [];
  const rotation = connectionRotation({
    send: (worker, socket) => sent.push(`${name(worker)} gets ${(socket as unknown as { id: number }).id}`),
    sayNoMore: (worker) => sent.push(`${name(worker)}: no more`),
  });
  return { sent, rotation };
}

const worker = (name: string) => ({ name }) as unknown as Worker;
const name = (worker: Worker) => (worker as unknown as { name: string }).name;
const connection = (id: number, destroyed = false) => ({ id, destroyed }) as unknown as Socket;

describe("handing connections to the workers (the primary's side)", () => {
  it("gives each worker one at a time, in turn, and keeps the rest waiting while all are busy", () => {
    const { sent, rotation } = primary();
    const [a, b] = [worker("a"), worker("b")];
    rotation.accepted(connection(1));
    rotation.onMessage(a, { takesConnections: true });
    rotation.onMessage(b, { takesConnections: true });
    for (const id of [2, 3, 4]) rotation.accepted(connection(id));
    expect(sent).toEqual(["a gets 1", "b gets 2"]);
    rotation.onMessage(b, { tookConnection: true });
    rotation.onMessage(a, { tookConnection: true });
    expect(sent).toEqual(["a gets 1", "b gets 2", "b gets 3", "a gets 4"]);
  });

  it("on its own stop, hands out every connection it accepted before telling any worker that no more are coming", () => {
    const { sent, rotation } = primary();
    const [a, b] = [worker("a"), worker("b")];
    rotation.onMessage(a, { takesConnections: true });
    rotation.onMessage(b, { takesConnections: true });
    for (const id of [1, 2, 3, 4, 5]) rotation.accepted(connection(id, id === 4));
    // The primary stops listening, and its workers, signalled, say that they are stopping.
    rotation.close();
    rotation.onMessage(a, { stopping: true });
    rotation.onMessage(b, { stopping: true });
    expect(sent).toEqual(["a gets 1", "b gets 2"]);
    rotation.onMessage(a, { tookConnection: true });
    rotation.onMessage(b, { tookConnection: true });
    // 4 was given up by its client while it waited.
    expect(sent).toEqual(["a gets 1", "b gets 2", "a gets 3", "b gets 5", "a: no more", "b: no more"]);
  });

  it("tells a worker that stops on its own to expect no more at once when another takes its turns", () => {
    const { sent, rotation } = primary();
    const [a, b] = [worker("a"), worker("b")];
    rotation.onMessage(a, { takesConnections: true });
    rotation.onMessage(b, { takesConnections: true });
    rotation.onMessage(a, { stopping: true });
    rotation.accepted(connection(1));
    rotation.accepted(connection(2));
    expect(sent).toEqual(["a: no more", "b gets 1"]);
    // The last one serves on until the primary stops or another worker comes.
    rotation.onMessage(b, { stopping: true });
    rotation.onMessage(b, { tookConnection: true });
    expect(sent).toEqual(["a: no more", "b gets 1", "b gets 2"]);
    rotation.onMessage(b, { tookConnection: true });
    rotation.close();
    expect(sent).toEqual(["a: no more", "b gets 1", "b gets 2", "b: no more"]);
  });
});
