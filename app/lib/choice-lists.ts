/**
 * Whether a list a form's checkboxes send has each value at most once. A box is sent once or not at all,
 * so a value given twice is a hand-made form; read as a set, it was quietly taken once (a lesson "led by"
 * the same mentor three times saved with one leader and no word of it). For a Zod `.refine` on the list.
 */
export function eachOnce(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}
