import { Form, Link, NavLink, useLocation, useNavigation, useNavigationType } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ROLE_LABELS, isRole } from "~/auth/roles";

export type ShellUser = { name: string; email: string; role: string; schoolId: string | null; schoolName: string | null };

type NavItem = { to: string; label: string };

function navFor(user: ShellUser): NavItem[] {
  if (user.role === "VRN_LEAD") {
    return [
      { to: "/", label: "Home" },
      { to: "/schools", label: "Schools" },
      { to: "/sessions/schedule", label: "Sessions" },
      { to: "/mvp", label: "MVP" },
      { to: "/surveys", label: "Surveys" },
      { to: "/reach", label: "Reach" },
      { to: "/admin/users", label: "Users" },
      { to: "/admin/guide", label: "Guide editor" },
      { to: "/admin/audit", label: "Audit log" },
      { to: "/admin/outbox", label: "Outbox" },
    ];
  }
  return [
    { to: "/", label: "Home" },
    ...(user.schoolId ? [{ to: `/schools/${user.schoolId}`, label: "My school" }] : []),
    { to: "/bookings", label: "Sessions" },
    { to: "/mvp", label: "MVP" },
    { to: "/surveys", label: "Surveys" },
    { to: "/our-reach", label: "Reach" },
    { to: "/guide", label: "Schools Guide" },
  ];
}

export function SiteHeader({ user }: { user: ShellUser | null }) {
  return (
    <header className="bg-brand text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link to="/" className="text-xl font-bold text-white no-underline hover:underline">
          VRN Schools Forum
        </Link>
        {user ? (
          <div className="flex min-w-0 flex-wrap items-center gap-4 text-base">
            {/* `anywhere`, not the page's `break-word`: only it lets a flex item narrower than a long unbroken name. */}
            <span className="min-w-0 wrap-anywhere">
              {user.name}
              <span className="sr-only">, signed in as</span>
              <span className="ml-2 text-white/90">({isRole(user.role) ? ROLE_LABELS[user.role] : user.role})</span>
            </span>
            <Link to="/account" className="text-white">
              Your account
            </Link>
            <Form method="post" action="/sign-out">
              <button type="submit" className="cursor-pointer text-white underline">
                Sign out
              </button>
            </Form>
          </div>
        ) : (
          <Link to="/sign-in" className="text-base text-white">
            Sign in
          </Link>
        )}
      </div>
      {user ? (
        <nav aria-label="Main" className="border-t border-white/30 bg-[#14304d]">
          <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-6 px-4 py-2 text-base">
            {navFor(user).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} className={({ isActive }) => `text-white ${isActive ? "font-bold" : ""}`}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t-4 border-brand bg-surface">
      <div className="mx-auto flex max-w-6xl flex-wrap gap-x-6 gap-y-2 px-4 py-6 text-base">
        <Link to="/guide">Schools Guide to Violence Prevention</Link>
        <Link to="/accessibility">Accessibility statement</Link>
        <Link to="/privacy">Privacy notice</Link>
        <span className="text-muted">Leicester, Leicestershire and Rutland Violence Reduction Network</span>
      </div>
    </footer>
  );
}

export function Page({ title, children, lead }: { title: string; lead?: ReactNode; children?: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      {lead ? <p className="mb-8 max-w-3xl text-xl">{lead}</p> : null}
      {children}
    </>
  );
}

type OneOff = { message: string; link?: { to: string; text: string } };

/**
 * The one-off message a change left (app/lib/flash.server.ts), with its link to what to do next, if any,
 * shown only on the page the change led to. Whether it shows hangs on the navigation (its location key)
 * that brought it, not on which loaders run again: a client-side navigation that reuses the root's data
 * never carries the message on to the next page, and a message read on the server shows once anyway.
 */
export function FlashMessage({ flash }: { flash: OneOff | null }) {
  const location = useLocation();
  // React's pattern for keeping what an earlier render saw: a new message notes the location it came with.
  const [arrived, setArrived] = useState({ flash, key: location.key });
  if (arrived.flash !== flash) setArrived({ flash, key: location.key });
  const shownAt = arrived.flash === flash ? arrived.key : location.key;
  if (!flash || shownAt !== location.key) return null;
  return (
    <div role="status" data-page-start className="mb-8 border-4 border-success p-4">
      <p className="font-bold text-success">{flash.message}</p>
      {flash.link ? (
        <p className="mt-2">
          <Link to={flash.link.to}>{flash.link.text}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** The locations this page has shown, its first included: the first is the browser's to focus (useFocusAfterNavigation). */
const navigatedInBrowser = new Set<string>();

/** The element of `main` that `hash` ("#lessons") names, or null: none named, none such, or outside `main`. */
function partNamedBy(hash: string, main: HTMLElement | null): HTMLElement | null {
  if (!main || hash.length < 2) return null;
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
  const part = document.getElementById(id);
  return part && main.contains(part) ? part : null;
}

type Address = { pathname: string; search: string };

/**
 * The `state` of a list's own links that sort or page it (Pagination, a column heading that sorts): only a
 * navigation made by one of them keeps focus with the list (listReordered). The header's "Schools" link
 * from `/schools?page=3` changes only `page` too, but opens the whole list, whose start is its heading.
 */
export const LIST_CONTROL_STATE = { listControl: true } as const;

/** Whether the location was reached by a link carrying LIST_CONTROL_STATE. */
function byListControl(state: unknown): boolean {
  return typeof state === "object" && state !== null && "listControl" in state && state.listControl === true;
}

/**
 * The start of the list in `main` whose order or page was all that changed from `before` to `now`: a column
 * heading sorted by, "Next page", a page's number. A list names the parameters of the address that order or
 * page it in `data-list-start` ("sort dir page"), on its count or its table's caption (DataTable's
 * `listStart`). Null on another page, or when anything else in the address changed too: a filter, or
 * "Clear filters", which opens the whole list, whose start is its heading. The caller checks that the link
 * followed was the list's own (LIST_CONTROL_STATE).
 */
function listReordered(main: HTMLElement | null, before: Address | null, now: Address): HTMLElement | null {
  if (!main || !before || before.pathname !== now.pathname) return null;
  const was = new URLSearchParams(before.search);
  const is = new URLSearchParams(now.search);
  const changed = [...new Set([...was.keys(), ...is.keys()])].filter((name) => was.getAll(name).join("\n") !== is.getAll(name).join("\n"));
  if (changed.length === 0) return null;
  for (const list of main.querySelectorAll<HTMLElement>("[data-list-start]")) {
    const own = (list.dataset.listStart ?? "").split(" ");
    if (changed.every((name) => own.includes(name))) return list;
  }
  return null;
}

/** Whether any of `element` is within the window's height. */
function inView(element: HTMLElement): boolean {
  const { top, bottom } = element.getBoundingClientRect();
  return bottom > 0 && top < window.innerHeight;
}

/**
 * After a navigation in the browser (a link followed, a form's redirect, a filter applied, back or forward),
 * focus goes to the start of the new page, as it does on a page loaded afresh: its error summary where a form
 * was refused, else the part its address names (`#lessons`), else its one-off message, else the start of
 * the list that was sorted or paged by its own links (`data-list-start`, listReordered; not on going back
 * or forward, which leave the page where the router put it back), else the start the page marks
 * (`data-page-start`: a search's count of what it found), else its main heading,
 * so a screen reader reads what happened or where the person now is,
 * and the next Tab starts from there. Without this, focus stayed on the link followed ("Next page", far
 * below the screen once the page scrolled to its top) or fell to the document, and nothing said the page
 * had changed.
 * A page that moved focus itself (an error summary, a field with autofocus) keeps it: only focus still where
 * the navigation left it, or lost, is moved. Not at the first load, which the browser handles.
 */
export function useFocusAfterNavigation() {
  const location = useLocation();
  const navigationType = useNavigationType();
  const navigating = useNavigation().state !== "idle";
  const focusedWhenLeaving = useRef<Element | null>(null);
  const addressBefore = useRef<Address | null>(null);
  useEffect(() => {
    if (navigating) focusedWhenLeaving.current ??= document.activeElement;
  }, [navigating]);
  useEffect(() => {
    const left = focusedWhenLeaving.current;
    focusedWhenLeaving.current = null;
    const before = addressBefore.current;
    const now = { pathname: location.pathname, search: location.search };
    addressBefore.current = now;
    // The first page of a visit: the browser's own. Kept for the page, not the shell, which an error page
    // draws anew (the root's boundary) and which would otherwise take each of its pages for a first.
    const firstPage = navigatedInBrowser.size === 0 || (navigatedInBrowser.size === 1 && navigatedInBrowser.has(location.key));
    navigatedInBrowser.add(location.key);
    if (firstPage) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused !== left && focused.isConnected) return;
    const main = document.getElementById("main-content");
    // A form's error summary first (sent again with the same refusal, it shows no new summary to take
    // focus), then the part of the page its address names ("Back to MVP" at /mvp#lessons: the router has
    // scrolled there, so focus at the top would leave the next Tab, and a screen reader, far from what is
    // on the screen), then a one-off message (FlashMessage), then the list sorted or paged (its rows are
    // what changed; from its heading they were behind every filter), then the start the page marks where
    // it is not its heading (`data-page-start`), then the heading.
    // Back and forward are not a sort or a turn of the page: the router has put the page back where the
    // person was, and pulling it to the list's start would lose that place.
    const reordered = navigationType !== "POP" && byListControl(location.state) ? listReordered(main, before, now) : null;
    const start =
      main?.querySelector<HTMLElement>('[role="alert"][tabindex="-1"]') ??
      partNamedBy(location.hash, main) ??
      main?.querySelector<HTMLElement>('[role="status"][data-page-start]') ??
      reordered ??
      main?.querySelector<HTMLElement>("[data-page-start]") ??
      main?.querySelector<HTMLElement>("h1") ??
      main;
    if (!start) return;
    if (!start.hasAttribute("tabindex")) {
      start.setAttribute("tabindex", "-1");
      start.dataset.focusedStart = "";
    }
    // Where the page is scrolled stays as the router left it (the top, the part its address names, or
    // where the person was on going back), unless that leaves a sorted or paged list's start out of sight:
    // the router put the page at its top, and the list may start below the filters.
    start.focus({ preventScroll: true });
    if (start === reordered && !inView(start)) start.scrollIntoView({ block: "start" });
  }, [location.key, location.hash, location.pathname, location.search, location.state, navigationType]);
}

/**
 * `data-page-start` (useFocusAfterNavigation) for a list's count of what it found, where the address filters the
 * list (`filters`, as parsed: any value given): after a search, focus lands on, and a screen reader reads, how
 * many matched, not the page's heading above the filters. Undefined for the whole list, whose start is its heading.
 */
export function startWhenFiltered(filters: Record<string, unknown>): "" | undefined {
  return Object.values(filters).some((value) => value !== undefined && value !== null && value !== "") ? "" : undefined;
}

/** Pupils' pages: no accounts, no staff navigation, nothing to distract from the survey and where to get help. */
export function PupilShell({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="bg-brand text-white">
        <div className="mx-auto max-w-2xl px-4 py-3">
          <p className="text-xl font-bold">Pupil survey</p>
        </div>
      </header>
      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-2xl flex-1 px-4 py-6 outline-none sm:py-8">
        {children}
      </main>
      <footer className="mt-10 border-t-4 border-brand bg-surface">
        <div className="mx-auto flex max-w-2xl flex-wrap gap-x-6 gap-y-2 px-4 py-6 text-base">
          <Link to="/privacy">Privacy notice</Link>
          <Link to="/accessibility">Accessibility statement</Link>
          <span className="text-muted">Leicester, Leicestershire and Rutland Violence Reduction Network</span>
        </div>
      </footer>
    </>
  );
}

/**
 * Above every page served in demo mode (`npm run demo`, `npm run dev`): a strip in the page's flow, so it
 * covers nothing and wraps at any width, saying the data is made up. Never shown by `npm start`.
 */
export function DemoBanner() {
  return (
    <aside aria-label="Demonstration" className="border-b-4 border-ink bg-focus text-ink">
      <p className="mx-auto max-w-6xl px-4 py-2 text-base">
        <strong>This is a demonstration.</strong> The schools, people and figures are made up.
      </p>
    </aside>
  );
}
