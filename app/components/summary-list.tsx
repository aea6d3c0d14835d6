import { isValidElement, type ReactNode } from "react";
import { Separator } from "./separators";

/*
 * Description lists (`<dl>`) whose labels and values read apart in the page's text, as they look apart on
 * screen: what is copied, found by a search, or read by assistive technology that reads the text rather than
 * the lines gets "Responses counted before: 160. Responses counted after: 150.", not "Responses counted
 * before160Responses counted after150". Every `<dl>` of the service is made of these.
 */

/** The last words a value shows, through arrays and elements ("Cancelled" tag, then the reason typed), or null. */
function lastText(node: ReactNode): string | null {
  if (typeof node === "string") return node.trim() ? node : null;
  if (typeof node === "number" || typeof node === "bigint") return String(node);
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) {
      const text = lastText(node[i] as ReactNode);
      if (text !== null) return text;
    }
    return null;
  }
  if (isValidElement<{ children?: ReactNode }>(node)) return lastText(node.props.children);
  return null;
}

/**
 * What reads after a value: a space after words that end a sentence already ("Facilitator ill.") or after an
 * address (a link or an email address, which a full stop copied with it would break); else ". ".
 */
function endAfter(children: ReactNode): string {
  const text = lastText(children)?.trim() ?? "";
  return /[.!?…]$/.test(text) || /^\S+(@|:\/\/)\S+$/.test(text) ? " " : ". ";
}

/**
 * A label (`<dt>`), read with `end` after it (": " unless said; null when the text shown already parts it
 * from its value, as "Trained: " does).
 */
export function Term({ className, end = ": ", children }: { className?: string; end?: string | null; children: ReactNode }) {
  return (
    <dt className={className}>
      {children}
      {end === null ? null : <Separator text={end} />}
    </dt>
  );
}

/**
 * A value (`<dd>`), read with `end` after it, so the next label does not run on from it: ". " unless said,
 * or a space after text that already ends a sentence or is an address (`endAfter`).
 */
export function Value({ className, end, children }: { className?: string; end?: string; children: ReactNode }) {
  return (
    <dd className={className}>
      {children}
      <Separator text={end ?? endAfter(children)} />
    </dd>
  );
}

/** One row of a summary list: its label and its value. */
export function SummaryRow({ term, valueClassName, children }: { term: ReactNode; valueClassName?: string; children: ReactNode }) {
  return (
    <>
      <Term>{term}</Term>
      <Value className={valueClassName}>{children}</Value>
    </>
  );
}

/**
 * Labels and their values, each label beside its value (above it on a narrow screen), a line between rows:
 * the `summary-list` style. `className` adds to it (spacing, width); its rows are `SummaryRow`s.
 */
export function SummaryList({ className, children }: { className?: string; children: ReactNode }) {
  return <dl className={className ? `summary-list ${className}` : "summary-list"}>{children}</dl>;
}
