import type { ReactNode } from "react";

/**
 * Punctuation read between two parts that only the layout sets apart (a figure and the note on the line
 * below it, a card's label above its figure), hidden on screen, where the layout already parts them.
 * Without it the page's text runs the parts together: what is copied, found by a search, or read by
 * assistive technology that reads the text rather than the lines gets "12" and "1 withdrawn" as
 * "121 withdrawn", and a card's "Staff trained in 2026/27" and "12" as "2026/2712".
 */
export function Separator({ text = ", " }: { text?: string }) {
  return <span className="sr-only">{text}</span>;
}

/**
 * A note on a line of its own below a figure or a name in the same cell (`className` styles it), read
 * after it with a comma: "12, 1 withdrawn", "Sam O., Withdrawn 3 November 2026".
 */
export function NoteBelow({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <span className={className ? `block ${className}` : "block"}>
      <Separator />
      {children}
    </span>
  );
}
