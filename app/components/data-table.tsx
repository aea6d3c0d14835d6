import { useId, type ReactNode } from "react";

/**
 * Every table in the app, the one way: the table and its caption inside a region named by that caption,
 * which scrolls sideways on its own (and takes keyboard focus so it can be scrolled without a mouse) when
 * the table is wider than the screen, so the page itself never does. `stacked` tables instead become one
 * block per row on a narrow screen, each cell led by its column's name from `data-label` (give every
 * `<td>` one): for lists whose key figures must be seen without scrolling, such as places left.
 * `className` goes on the table, `wrapperClassName` on the region (spacing), `captionClassName` on the caption;
 * `describedBy` names the id of a note about the table, such as what a column counts. `listStart` names the
 * parameters of the address that sort or page the table ("page", "sort dir page"): a navigation that changes
 * only those leaves focus on the caption, where the rows start (useFocusAfterNavigation).
 */
export function DataTable({
  caption,
  children,
  className,
  wrapperClassName,
  captionClassName,
  stacked = false,
  describedBy,
  listStart,
}: {
  caption: ReactNode;
  children: ReactNode;
  className?: string;
  wrapperClassName?: string;
  captionClassName?: string;
  stacked?: boolean;
  describedBy?: string;
  listStart?: string;
}) {
  const captionId = useId();
  return (
    <div role="region" aria-labelledby={captionId} tabIndex={0} className={["table-region", wrapperClassName].filter(Boolean).join(" ")}>
      <table className={[stacked ? "table-stacked" : null, className].filter(Boolean).join(" ") || undefined} aria-describedby={describedBy}>
        <caption id={captionId} className={captionClassName} data-list-start={listStart}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
