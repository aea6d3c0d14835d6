import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { AttendanceReturnsDueTable, BookingStatusTag } from "~/components/delivery-ui";
import { formatSessionTimes } from "~/lib/dates";
import { counted, countOrMore, formatCount } from "~/lib/numbers";
import { ScheduledWorkPanel } from "~/components/scheduled-work-panel";
import { getLeadOverview, getLeadDeliveriesOverview, getLeadScheduledWork, getSchoolDeliveriesOverview } from "~/models/home.server";
import { DataTable } from "~/components/data-table";
import { formatCode } from "~/lib/survey-code";
import { unreadWrittenAnswers, type UnreadWrittenAnswers } from "~/models/survey-results.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  if (!user) return { kind: "visitor" as const };
  if (user.role === "VRN_LEAD") {
    const [overview, sessions, scheduledWork, unreadWritten] = await Promise.all([
      getLeadOverview(user),
      getLeadDeliveriesOverview(user),
      getLeadScheduledWork(user),
      unreadWrittenAnswers(user),
    ]);
    return { kind: "lead" as const, name: user.name, overview, sessions, scheduledWork, unreadWritten };
  }
  return {
    kind: "school" as const,
    name: user.name,
    role: user.role,
    schoolId: user.schoolId,
    schoolName: user.schoolName,
    sessions: can(user, "deliveries:book") && user.schoolId ? await getSchoolDeliveriesOverview(user) : null,
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "visitor") return <VisitorHome />;
  if (data.kind === "lead") return <LeadHome {...data} />;
  return <SchoolHome {...data} />;
}

function VisitorHome() {
  return (
    <>
      <h1>VRN Schools Forum</h1>
      <div className="max-w-3xl space-y-4">
        <p className="text-xl">
          The Violence Reduction Network works with the secondary schools of Leicester, Leicestershire and Rutland, and with the police, to prevent violence
          among young people.
        </p>
        <p>Through this service, schools in the forum:</p>
        <ul className="list-disc space-y-1 pl-8">
          <li>book knife-crime awareness sessions and related talks, in school or online</li>
          <li>record how many pupils attended</li>
          <li>run the Mentors in Violence Prevention programme</li>
          <li>ask pupils short, anonymous questions before and after a session</li>
        </ul>
        <p>
          Anyone can read the <Link to="/guide">Schools Guide to Violence Prevention</Link>, without an account.
        </p>
        <p>Accounts are for school staff and the VRN team. Pupils never need an account.</p>
        <p className="pt-4">
          <Link to="/sign-in" className="button">
            Sign in
          </Link>
        </p>
      </div>
    </>
  );
}

type Overview = {
  openSchools: number;
  activeUsers: number;
  pendingInvitations: number;
  outboxMessages: number;
  guideReviewsDue: number;
};

type SessionRow = { id: string; title: string; startsAt: Date; endsAt: Date; school?: string; status?: string };

function DeliveryList({ rows, caption, empty, withSchool = false }: { rows: SessionRow[]; caption: string; empty: string; withSchool?: boolean }) {
  if (rows.length === 0) return <p className="mb-6">{empty}</p>;
  return (
    <DataTable caption={caption} className="mb-6">
      <thead>
        <tr>
          {withSchool ? <th scope="col">School</th> : null}
          <th scope="col">Session</th>
          <th scope="col">When</th>
          {withSchool ? null : <th scope="col">Status</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {withSchool ? (
              <td>
                <Link to={`/bookings/${r.id}`}>{r.school}</Link>
              </td>
            ) : null}
            <td>{withSchool ? r.title : <Link to={`/bookings/${r.id}`}>{r.title}</Link>}</td>
            <td>{formatSessionTimes(r.startsAt, r.endsAt)}</td>
            {withSchool ? null : (
              <td>
                <BookingStatusTag status={r.status ?? ""} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

type LeadDeliveries = {
  requests: SessionRow[];
  requestCount: number;
  moreRequests: boolean;
  overdue: SessionRow[];
  overdueCount: number;
  moreOverdue: boolean;
};

/**
 * Surveys with written answers the lead has not read yet, first on the page: an answer can be a pupil's
 * disclosure, which must not wait for someone to happen to open its survey. Nothing when there are none.
 */
function UnreadWrittenAnswersPanel({ unread }: { unread: UnreadWrittenAnswers }) {
  if (unread.runs.length === 0) return null;
  return (
    <section aria-labelledby="written-heading" className="mb-10 border-l-4 border-brand bg-surface p-5">
      <h2 id="written-heading">Written answers to read</h2>
      <p className="mb-2">Pupils wrote answers you have not read yet. Read them in case one needs you to act on a safeguarding concern.</p>
      <ul className="list-disc pl-8">
        {unread.runs.map((run) => (
          <li key={run.id}>
            <Link to={`/surveys/${run.id}#written-answers`}>
              Survey {formatCode(run.code)}, {run.school}
            </Link>
            : {counted(run.unread, "new written answer")}
          </li>
        ))}
      </ul>
      {unread.more ? <p className="mt-2">There are more: the newest surveys are listed first. Read these, and the next ones will show here.</p> : null}
    </section>
  );
}

/** Where a list on the home page shows fewer rows than its count, which of them it shows: "; the 5 oldest shown". */
const someShown = (rows: number, count: number, which: "soonest" | "oldest") => (rows < count ? `; the ${formatCount(rows)} ${which} shown` : "");

function LeadDeliveriesPanel({ sessions }: { sessions: LeadDeliveries }) {
  return (
    <section aria-labelledby="sessions-heading" className="mb-10">
      <h2 id="sessions-heading">Sessions</h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <div>
          <DeliveryList
            rows={sessions.requests}
            caption={`Booking requests waiting for a decision (${countOrMore(sessions.requestCount, sessions.moreRequests)}${someShown(sessions.requests.length, sessions.requestCount, "soonest")})`}
            empty="No booking requests are waiting."
            withSchool
          />
          {sessions.requestCount > 0 ? <Link to="/sessions/requests">Confirm or decline requests</Link> : null}
        </div>
        <div>
          <DeliveryList
            rows={sessions.overdue}
            caption={`Overdue attendance returns (${countOrMore(sessions.overdueCount, sessions.moreOverdue)}${someShown(sessions.overdue.length, sessions.overdueCount, "oldest")})`}
            empty="No attendance returns are overdue."
            withSchool
          />
          {sessions.overdueCount > 0 ? <Link to="/sessions/returns">Chase overdue returns</Link> : null}
        </div>
      </div>
    </section>
  );
}

function LeadHome({
  name,
  overview,
  sessions,
  scheduledWork,
  unreadWritten,
}: {
  name: string;
  overview: Overview;
  sessions: LeadDeliveries;
  scheduledWork: Parameters<typeof ScheduledWorkPanel>[0]["work"];
  unreadWritten: UnreadWrittenAnswers;
}) {
  const cards = [
    { to: "/schools", title: "Schools", text: `${counted(overview.openSchools, "open school")} in the forum. Add, edit or import from GIAS.` },
    {
      to: "/admin/users",
      title: "Users and invitations",
      text: `${counted(overview.activeUsers, "active user")}, ${counted(overview.pendingInvitations, "invitation")} waiting to be accepted.`,
    },
    { to: "/mvp", title: "Mentors in Violence Prevention", text: "Which schools run MVP, at which stage, and whom their mentors reached." },
    {
      to: "/admin/guide",
      title: "Schools Guide",
      text: `${counted(overview.guideReviewsDue, "page is past its", "pages are past their")} review date.`,
    },
    { to: "/admin/audit", title: "Audit log", text: "Every change made in the service: who, when and what." },
    { to: "/admin/security", title: "Sign-in security", text: "Whether VRN leads must use two-step sign-in." },
    {
      to: "/admin/outbox",
      title: "Outbox",
      text: `${counted(overview.outboxMessages, "message")} written here while no mail server is set up.`,
    },
  ];
  return (
    <>
      <h1>Welcome, {name}</h1>
      <p className="mb-8 text-xl">Run the Schools Forum: schools, people, and everything they do here.</p>
      <UnreadWrittenAnswersPanel unread={unreadWritten} />
      <ScheduledWorkPanel work={scheduledWork} />
      <LeadDeliveriesPanel sessions={sessions} />
      <ul className="grid gap-6 md:grid-cols-2">
        {cards.map((card) => (
          <li key={card.to} className="border-t-4 border-brand bg-surface p-5">
            <h2 className="text-xl">
              <Link to={card.to}>{card.title}</Link>
            </h2>
            <p>{card.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

function SchoolHome({
  name,
  role,
  schoolId,
  schoolName,
  sessions,
}: {
  name: string;
  role: string;
  schoolId: string | null;
  schoolName: string | null;
  sessions: { next: SessionRow[]; returnsDue: SessionRow[] } | null;
}) {
  return (
    <>
      <h1>Welcome, {name}</h1>
      <p className="mb-8 text-xl">
        You are the {role === "MVP_LEAD" ? "Mentors in Violence Prevention lead" : "forum contact"} for <strong>{schoolName ?? "your school"}</strong>.
      </p>
      {sessions ? (
        <section aria-labelledby="sessions-heading" className="mb-10">
          <h2 id="sessions-heading">Sessions</h2>
          <AttendanceReturnsDueTable rows={sessions.returnsDue} caption="Attendance returns due" empty="No attendance returns are due." />
          <DeliveryList rows={sessions.next} caption="Your school's next sessions" empty="No sessions to come are booked." />
          <p className="flex flex-wrap gap-x-6">
            <Link to="/sessions">Book a session</Link>
            <Link to="/bookings">All your school&apos;s bookings</Link>
          </p>
        </section>
      ) : null}
      <h2>What you can do next</h2>
      <ul className="list-disc space-y-2 pl-8">
        {schoolId ? (
          <li>
            <Link to={`/schools/${schoolId}`}>Check your school&apos;s details</Link> are right, so the VRN can plan sessions for the right number of pupils.
          </li>
        ) : null}
        <li>
          <Link to="/mvp">{role === "MVP_LEAD" ? "Record Mentors in Violence Prevention" : "See your school's Mentors in Violence Prevention figures"}</Link>:
          staff trained, mentors, and the lessons they lead.
        </li>
        <li>
          Read the <Link to="/guide">Schools Guide to Violence Prevention</Link>.
        </li>
        <li>
          <Link to="/account">Your account</Link>: change your password, set up two-step sign-in, or sign out on devices you no longer use.
        </li>
      </ul>
    </>
  );
}
