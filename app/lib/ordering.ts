/**
 * Moving one item of an ordered list (guide sections, a section's pages, training modules) a place up or
 * down. Pure: the caller reads the list and writes the new positions.
 */

/** Why nothing moved: the item is not in the list, or is already at the end it was moved towards. */
export type MoveRefusal = "missing" | "first" | "last";

/**
 * The ids with `id` swapped with its neighbour above or below, or why it cannot move. Errors: none; a
 * refusal is a value, so the page can say nothing was moved instead of claiming a move.
 */
export function moveOnePlace(ids: readonly string[], id: string, direction: "up" | "down"): { ok: true; order: string[] } | { ok: false; why: MoveRefusal } {
  const from = ids.indexOf(id);
  if (from === -1) return { ok: false, why: "missing" };
  const to = direction === "up" ? from - 1 : from + 1;
  if (to < 0) return { ok: false, why: "first" };
  if (to >= ids.length) return { ok: false, why: "last" };
  const order = [...ids];
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  return { ok: true, order };
}

/** What a page says when nothing moved: `what` names the item ("section", "page", "module"). */
function moveRefusalMessage(why: MoveRefusal, what: string): string {
  if (why === "missing") return `This ${what} no longer exists: nothing was moved.`;
  return `This ${what} is already ${why}: nothing was moved.`;
}

/** A move's outcome as a model gives it to its route: done, or why nothing moved, in the page's words. */
export type MoveResult = { ok: true } | { ok: false; message: string };

/** The refusal as a model returns it. */
export function moveRefused(why: MoveRefusal, what: string): MoveResult {
  return { ok: false, message: moveRefusalMessage(why, what) };
}
