/**
 * Moving one item of an ordered list (guide sections, a section's pages, training modules) a place up or
 * down. Pure: the caller reads the list and writes the new positions.
 */

/**
 * Why nothing moved: the item is not in the list, is already at the end it was moved towards, or is no
 * longer in the place the page showed it (`seenPlace`; it is in `place` now, both counted from 1).
 */
export type MoveRefusal = { why: "missing" | "first" | "last" } | { why: "moved"; seenPlace: number; place: number };

/**
 * The ids with `id` swapped with its neighbour above or below, or why it cannot move. With `seenPlace`, the
 * place (from 1) the page showed the item in, an item found elsewhere is not moved: the same press sent
 * again (a double click, a second tab) would move it a second place, and a list reordered since would move
 * it past something the person has not seen. Errors: none; a refusal is a value, so the page can say
 * nothing was moved instead of claiming a move.
 */
export function moveOnePlace(
  ids: readonly string[],
  id: string,
  direction: "up" | "down",
  seenPlace?: number,
): { ok: true; order: string[] } | ({ ok: false } & MoveRefusal) {
  const from = ids.indexOf(id);
  if (from === -1) return { ok: false, why: "missing" };
  if (seenPlace !== undefined && seenPlace !== from + 1) return { ok: false, why: "moved", seenPlace, place: from + 1 };
  const to = direction === "up" ? from - 1 : from + 1;
  if (to < 0) return { ok: false, why: "first" };
  if (to >= ids.length) return { ok: false, why: "last" };
  const order = [...ids];
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  return { ok: true, order };
}

/** What a page says when nothing moved: `what` names the item ("section", "page", "module"). */
function moveRefusalMessage(refusal: MoveRefusal, what: string): string {
  if (refusal.why === "moved") {
    return `Nothing was moved: this ${what} is in place ${refusal.place} now, not in place ${refusal.seenPlace} as your page showed it. Check the order, then move it again if you mean to.`;
  }
  if (refusal.why === "missing") return `This ${what} no longer exists: nothing was moved.`;
  return `This ${what} is already ${refusal.why}: nothing was moved.`;
}

/** A move's outcome as a model gives it to its route: done, or why nothing moved, in the page's words. */
export type MoveResult = { ok: true } | { ok: false; message: string };

/** The refusal as a model returns it. */
export function moveRefused(refusal: MoveRefusal, what: string): MoveResult {
  return { ok: false, message: moveRefusalMessage(refusal, what) };
}
