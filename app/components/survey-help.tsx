/** Where a pupil can get help: on every pupil page, because a survey about knife crime can prompt a disclosure. */
export function HelpPanel() {
  return (
    <aside aria-labelledby="help-heading" className="mt-10 border-l-8 border-brand bg-surface p-4 sm:p-6">
      <h2 id="help-heading">If you are worried or need to talk</h2>
      <ul className="list-disc space-y-3 pl-6">
        <li>Talk to a trusted adult at school, such as your form tutor, a teacher or the safeguarding lead.</li>
        <li>
          Call Childline free on{" "}
          <a href="tel:08001111" className="font-bold">
            0800 1111
          </a>
          , any time of day or night. Calls do not show on the phone bill.
        </li>
        <li>
          Tell{" "}
          <a href="https://www.fearless.org" className="font-bold">
            Fearless.org
          </a>{" "}
          about a crime without giving your name.
        </li>
        <li>
          In an emergency, or if someone is in danger now, call{" "}
          <a href="tel:999" className="font-bold">
            999
          </a>
          .
        </li>
      </ul>
    </aside>
  );
}
