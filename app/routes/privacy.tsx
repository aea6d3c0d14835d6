import type { MetaFunction } from "@remix-run/node";
import { RESET_LINKS_KEPT_DAYS } from "~/lib/records-kept";
import { FEW_SCHOOLS } from "~/models/disclosure";

export const meta: MetaFunction = () => [{ title: "Privacy notice – VRN Schools Forum" }];

export default function PrivacyNotice() {
  return (
    <article className="max-w-3xl space-y-4">
      <h1>Privacy notice</h1>
      <p>
        The Leicester, Leicestershire and Rutland Violence Reduction Network (VRN) runs this service to organise violence-prevention work with secondary
        schools. This notice says what the service keeps about whom, why, and for how long.
      </p>

      <h2 className="pt-4">School staff and the VRN team</h2>
      <p>For each person with an account we keep:</p>
      <ul className="list-disc space-y-1 pl-8">
        <li>name, work email address, role, and the school they work for</li>
        <li>
          a one-way scrambled form of their password (we never store or see the password itself), and a record of each signed-in browser so it can be signed out
        </li>
        <li>a log of the changes they make in the service (the audit log), so that the VRN can account for its data</li>
        <li>their answers when they tell us whether a page of the Schools Guide was useful, with any comment, so the VRN can improve the guide</li>
      </ul>
      <p>
        When someone fails to sign in, we keep a one-way scrambled form of the email address and network address used, for 15 minutes, to stop people guessing
        passwords. After someone signs in, their browser keeps a random number in a cookie for 90 days, and we keep a one-way scrambled form of it with their
        email address, so that someone else guessing their password cannot lock them out of that browser. The record of each signed-in browser kept so it can be
        signed out (not the 90-day one above) is deleted within an hour of its sign-in ending, and the record of a password reset link {RESET_LINKS_KEPT_DAYS}{" "}
        days after the link stops working. Invitations are kept so the VRN can see who was invited and when. Accounts can be deactivated by the VRN schools lead
        at any time.
      </p>
      <p>We use this information because the VRN has a public task to prevent serious violence (the Serious Violence Duty).</p>

      <h2 className="pt-4">Schools</h2>
      <p>
        School details (name, URN, local authority, type, number on roll, postcode) are public information from the government&apos;s Get Information About
        Schools register.
      </p>
      <p>
        A booking for a session holds the name and phone number of a member of staff to contact on the day, and any access or SEND needs the school tells us
        about (never about a named pupil). Attendance is kept as counts per year group only.
      </p>

      <h2 className="pt-4">Pupils</h2>
      <p>
        Pupils never have accounts. Attendance at sessions is recorded as numbers of pupils per year group, never as names. Pupil surveys are anonymous: we do
        not store names, email addresses, network addresses, device details or the exact time of an answer.
      </p>
      <p>
        For each survey answer we keep the answers chosen, the date (not the time), and a one-way scrambled value made from a random number kept in a cookie on
        the pupil&apos;s browser and the survey it answered. That value only stops the same browser answering the same survey twice: it cannot be turned back
        into the cookie, and the values for two different surveys cannot be matched up. The cookie is used only on the survey pages and holds nothing else. To
        slow down anyone guessing survey codes or sending junk answers, the browser&apos;s cookie, or the network address when there is no cookie, is counted
        for at most 15 minutes (the count is deleted within the hour after), kept only in a scrambled form under a secret key that is kept apart from the data;
        it is never kept with an answer. Because nothing that identifies a pupil is kept, survey answers are not deleted on a timetable. Each answer is filed
        under a random reference that says nothing about when it was given or in what order. Written answers, where a survey asks for them, are seen only by the
        VRN schools lead, so they can act on any safeguarding concern, and are never exported. The lead sees them in a shuffled order, not the order pupils sent
        them, so they cannot be matched to where pupils sat.
      </p>

      <h2 className="pt-4" id="small-numbers">
        How we stop figures picking out a pupil
      </h2>
      <p>
        Every figure about pupils goes through the same rules before anyone sees it, on a page, in a download or in a printed report. We follow the practice of
        UK official statistics (the Office for National Statistics, the Higher Education Statistics Agency and Ofqual): it is not enough for each figure to be
        safe on its own; figures must also be safe when someone adds them up or takes one from another.
      </p>
      <ul className="list-disc space-y-1 pl-8">
        <li>
          <strong>Survey results need 10 pupils.</strong> A survey&apos;s results are shown only once 10 or more of its responses are counted; with fewer, only
          the number who have answered is shown.
        </li>
        <li>
          <strong>Results move in steps of 10.</strong> Responses are counted in the results 10 at a time, so results update after every 10 responses. Comparing
          the results before and after more pupils answer shows the answers of at least 10 pupils together, never of fewer, so nobody can read off one
          pupil&apos;s answers, or a small group&apos;s. Responses that have not yet made up a step of 10 are not counted.
        </li>
        <li>
          <strong>Each question needs 10 pupils who answered it.</strong> Pupils may skip some questions, so each question counts its own answers the same way:
          its results are shown only once 10 or more of the pupils who answered it are counted, and they move 10 of those pupils at a time. A question too few
          answered says so, with no numbers, however many answered the survey. Written answers, read only by the VRN schools lead for safeguarding, are not held
          back.
        </li>
        <li>
          <strong>Figures over several surveys only count surveys shown on their own.</strong> The before and after comparison for a session, for a topic and
          the VRN&apos;s reach figures leave out any survey with fewer than 10 responses counted, and say so, and leave out a statement in any survey where
          fewer than 10 of the pupils who answered it are counted. Otherwise taking one survey&apos;s results from the comparison would show how the pupils in
          the small survey answered.
        </li>
        <li>
          <strong>Published counts are rounded.</strong> In files prepared for publication, a count of 1 to 4 pupils is shown as &ldquo;&lt;5&rdquo;, and every
          other count is rounded down to a multiple of 5 (37 is shown as 35). Because every published figure stands for 5 possible values, adding up or taking
          away the figures for schools, localities and terms cannot give a hidden count back. Shares of the number on roll are left out of published files, as
          with the roll they would give the exact count. A school&apos;s total is withheld where it adds 1 to 4 in one term and topic to other pupils, as the
          total could give the small part back. Where a school shows &ldquo;&lt;5&rdquo;, or has 1 to 4 in any term or topic of the year, its locality&apos;s
          total is withheld in every file, and a school&apos;s own reach page shows no average that includes it, since a teacher who knows their own
          school&apos;s count could otherwise take it from the total. The report for the VRN&apos;s board follows the same rules, since it is shared beyond the
          service. A board report of a few schools (one area, type of school, topic or term, or a year in which fewer than {FEW_SCHOOLS} schools have any
          figure) also withholds its headline count wherever one of its localities&apos; counts is withheld, and its months or year groups where one of its
          schools has 1 to 4 pupils in one of them. In the board report, the share of pupils agreeing with a core survey item is rounded to the nearest 5
          percentage points and given with the range of the number of pupils it is a share of (&ldquo;45% of 35 to 39&rdquo;); it is left out where fewer than
          10 pupils gave a view, or where the rounded share could be that of 1 to 4 pupils agreeing or not agreeing, and a change is given only between two
          shares shown. These shares are given only in the report of the whole area for a whole academic year, once it is over, and are then kept as first
          published: a share of a few schools or of part of a year, set beside another that overlaps it, could give back a few pupils&apos; answers. The
          published file of localities gives none. Only the VRN&apos;s own screens and its exact downloads, which stay within the VRN, show exact counts of
          attendance.
        </li>
      </ul>

      <h2 className="pt-4">Mentors in Violence Prevention</h2>
      <p>
        For the Mentors in Violence Prevention programme, a school&apos;s MVP lead records the staff trained (name, role, date and trainer) and the pupils
        trained as mentors. For each mentor we keep the least that works: a first name and initial or a pseudonym, their year group, an optional gender (which
        can be &ldquo;prefers not to say&rdquo;), the training modules they have completed, the lessons they led, and the date they stopped if they were
        withdrawn. We never keep mentors&apos; full names, dates of birth or contact details. Lessons are recorded by class and number of pupils present, never
        by pupils&apos; names. Mentors&apos; names are seen only by their school&apos;s MVP lead and the VRN schools lead.
      </p>
      <p>
        Mentors&apos; names are kept for the academic year they trained in and then for a retention period the VRN sets (two years unless it says otherwise),
        and always through the following year, when those mentors still lead lessons. After that they are removed automatically: each name is replaced with a
        label such as &ldquo;Mentor 7&rdquo;, and the reflections written about lessons those mentors led are deleted. The numbers (mentors trained, lessons
        delivered, pupils reached) are kept. A school&apos;s MVP lead can remove a cohort&apos;s names sooner, once the year after its academic year has ended.
      </p>

      <h2 className="pt-4">Email</h2>
      <p>
        Invitations and other messages go to work email addresses. Where no mail server is set up, messages are kept in an outbox that only the VRN schools lead
        can read.
      </p>

      <h2 className="pt-4">Cookies</h2>
      <p>
        The service uses one cookie to keep you signed in (it lasts up to 30 days, and ends when you sign out), one for 10 minutes between your password and
        your two-step code, one for 90 days that tells the sign-in page your browser has signed in to your account before (above), and one for a minute to show
        a message after you save something. Pupils&apos; browsers get the survey cookie described above, which lasts a year and is sent only to the survey
        pages. We use no advertising or analytics cookies.
      </p>

      <h2 className="pt-4">Your rights</h2>
      <p>
        You can ask to see the information we hold about you, to correct it, or to have it deleted. Contact the VRN schools lead. If you are unhappy with how we
        handle your information, you can complain to the Information Commissioner&apos;s Office (ICO).
      </p>
    </article>
  );
}
