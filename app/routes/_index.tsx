import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/guards.server";
import { getLeadOverview } from "~/models/home.server";
import { getSchoolName } from "~/models/schools.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  if (!user) return json({ kind: "visitor" as const });
  if (user.role === "VRN_LEAD") {
    return json({ kind: "lead" as const, name: user.name, overview: await getLeadOverview() });
  }
  return json({
    kind: "school" as const,
    name: user.name,
    role: user.role,
    schoolId: user.schoolId,
    schoolName: user.schoolId ? await getSchoolName(user.schoolId) : null,
  });
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "visitor") return <VisitorHome />;
  if (data.kind === "lead") return <LeadHome name={data.name} overview={data.overview} />;
  return <SchoolHome {...data} />;
}

function VisitorHome() {
  return (
    <>
      <h1>VRN Schools Forum</h1>
      <div className="max-w-3xl space-y-4">
        <p className="text-xl">
          The Violence Reduction Network works with the secondary schools of Leicester, Leicestershire and Rutland,
          and with the police, to prevent violence among young people.
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

function LeadHome({ name, overview }: { name: string; overview: Overview }) {
  const cards = [
    { to: "/schools", title: "Schools", text: `${overview.openSchools} open schools in the forum. Add, edit or import from GIAS.` },
    {
      to: "/admin/users",
      title: "Users and invitations",
      text: `${overview.activeUsers} active users, ${overview.pendingInvitations} invitation${overview.pendingInvitations === 1 ? "" : "s"} waiting to be accepted.`,
    },
    { to: "/mvp", title: "Mentors in Violence Prevention", text: "Which schools run MVP, at which stage, and whom their mentors reached." },
    {
      to: "/admin/guide",
      title: "Schools Guide",
      text: `${overview.guideReviewsDue} page${overview.guideReviewsDue === 1 ? " is" : "s are"} past ${overview.guideReviewsDue === 1 ? "its" : "their"} review date.`,
    },
    { to: "/admin/audit", title: "Audit log", text: "Every change made in the service: who, when and what." },
    { to: "/admin/outbox", title: "Outbox", text: `${overview.outboxMessages} message${overview.outboxMessages === 1 ? "" : "s"} written here while no mail server is set up.` },
  ];
  return (
    <>
      <h1>Welcome, {name}</h1>
      <p className="mb-8 text-xl">Run the Schools Forum: schools, people, and everything they do here.</p>
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

function SchoolHome({ name, role, schoolId, schoolName }: { name: string; role: string; schoolId: string | null; schoolName: string | null }) {
  return (
    <>
      <h1>Welcome, {name}</h1>
      <p className="mb-8 text-xl">
        You are the {role === "MVP_LEAD" ? "Mentors in Violence Prevention lead" : "forum contact"} for{" "}
        <strong>{schoolName ?? "your school"}</strong>.
      </p>
      <h2>What you can do next</h2>
      <ul className="list-disc space-y-2 pl-8">
        {schoolId ? (
          <li>
            <Link to={`/schools/${schoolId}`}>Check your school&apos;s details</Link> are right, so the VRN can plan
            sessions for the right number of pupils.
          </li>
        ) : null}
        <li>
          <Link to="/mvp">{role === "MVP_LEAD" ? "Record Mentors in Violence Prevention" : "See your school's Mentors in Violence Prevention figures"}</Link>
          : staff trained, mentors, and the lessons they lead.
        </li>
        <li>
          Read the <Link to="/guide">Schools Guide to Violence Prevention</Link>.
        </li>
        <li>
          <Link to="/account">Change your password</Link> if you are still using the one you were given.
        </li>
      </ul>
    </>
  );
}
