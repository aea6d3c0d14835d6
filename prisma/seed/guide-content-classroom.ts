import type { SeedPage, SeedSection } from "./guide";

const KNIFE_CRIME_BODY = `Lessons about knife crime can protect pupils, or they can leave them more frightened and more likely to
think that carrying a knife is normal. The difference lies in how the subject is taught.

## Start from the facts pupils rarely hear

Most young people never carry a knife. Many who do say they carry one because they are scared, and believe
that others are carrying. So the most protective message is often the simplest: carrying is not normal, and
it makes you less safe, not more. A knife that is carried can be used against the person carrying it.

Pupils should also know the law, stated plainly:

- Carrying a knife in public without a good reason is a crime.
- On school premises the law is stricter: having any blade, even a small folding knife, is an offence
  without a good reason.
- It is illegal for a shop to sell a knife to anyone under 18.

## Avoid shock tactics

Graphic images, displays of seized weapons and dramatic stories of injury are memorable, but they can
backfire. They raise anxiety, can make weapons seem exciting, and may suggest that carrying is common.
Pupils who have been affected by violence can be re-traumatised.

Table: What to do and what to avoid

| Do | Avoid |
| --- | --- |
| Correct the belief that "everyone carries" | Suggesting knife crime is everywhere |
| Practise what to say and do in a risky moment | Relying on fear to change behaviour |
| Use made-up characters and scenarios | Asking pupils to share their own experiences in class |
| Say where to get help, at the start and at the end | Ending the lesson on the worst outcome |

## Build skills, not just knowledge

Good lessons help pupils practise: how to leave a situation without losing face, how to say no to a
friend, how to tell an adult without being seen as a "snitch", and how to help someone who is in danger.
Scenarios with characters give pupils enough distance to discuss real risks safely.

## Prepare for disclosures

A lesson on violence can prompt a pupil to tell you something serious. Before you teach it:

1. Tell your designated safeguarding lead when the lesson is happening.
2. Agree ground rules with the class, including that you may need to pass on worries.
3. Know which pupils have been affected by violence and speak to them beforehand.
4. End with where to get help, in school and outside it.

## Working with visitors

Police officers and partners deliver knife-crime awareness sessions to around 10,000 pupils a year across
Leicester, Leicestershire and Rutland. Brief visitors on your class, stay in the room, and follow up the
session in a later lesson so that it becomes part of your curriculum rather than a one-off.

> **What to do now**
> - Check your lesson resources for shock images and scare stories, and replace them.
> - Book a knife-crime awareness session through this service and plan the lesson that follows it.
> - Share [Where pupils and parents can get help](/guide/getting-help/where-to-get-help) with your class.`;

const TEACHING_ABOUT_KNIFE_CRIME: SeedPage = {
  slug: "teaching-about-knife-crime",
  title: "Teaching about knife crime without scaring pupils",
  summary: "How to teach the facts and the skills that keep young people safe, without shock tactics that can backfire.",
  audience: "Teachers of PSHE, RSHE and citizenship, form tutors and heads of year",
  reviewInDays: 200,
  body: KNIFE_CRIME_BODY,
  draft: {
    title: "Teaching about knife crime without scaring pupils",
    summary: "How to teach the facts and the skills that keep young people safe, without shock tactics that can backfire.",
    note: "Added a section on Operation Sceptre week",
    body: KNIFE_CRIME_BODY.replace(
      "> **What to do now**",
      `## Operation Sceptre week

Each November, police forces across England and Wales hold Operation Sceptre, a national week of action
on knife crime. In Leicester, Leicestershire and Rutland it includes online workshops that many schools
join at once: in one recent week, 15 online workshops reached 7,314 pupils. Plan a tutor-time discussion
for the same week so pupils can talk it through with an adult they know.

> **What to do now**`,
    ),
  },
};

const BYSTANDER_AND_MVP: SeedPage = {
  slug: "bystander-approach-and-mvp",
  title: "The bystander approach and Mentors in Violence Prevention",
  summary: "Young people often see harm before adults do. The bystander approach, and the MVP programme, give them ways to act safely.",
  audience: "Senior leaders, PSHE leads and staff who run or are considering MVP",
  reviewInDays: 330,
  body: `Most bullying, harassment and violence among young people happens in front of others: in corridors, on
the way home, in group chats. The people who see it are bystanders. What they do next shapes what the whole
group comes to see as normal.

The bystander approach does not ask young people to be heroes. It helps them notice harm, believe it is
their business, and choose a safe way to act.

## Safe ways to step in

Bystanders can act in different ways, depending on how safe it is:

- **Direct:** say something at the time, if it is safe to do so.
- **Distract:** interrupt, change the subject or draw a friend away.
- **Delegate:** tell a trusted adult, a member of staff or, in an emergency, call 999.
- **Delay:** check on the person afterwards and help them get support.

The first rule is never to put yourself in danger.

## Mentors in Violence Prevention (MVP)

MVP is a peer-led leadership and bystander programme used by secondary schools across Leicester,
Leicestershire and Rutland. It challenges the beliefs and attitudes that can make violence, abuse and
bullying seem acceptable, and promotes the healthy norms that are known to prevent violence.

How it works in a school:

1. A small team of staff is trained to run the programme.
2. Staff train older pupils, usually in Years 10 and 11, as **mentors**. This takes about two days.
3. Mentors lead lessons with younger pupils, usually about five a year, with at least three mentors in each
   class and an age gap of around two years.
4. Lessons use realistic scenarios to discuss what a bystander could do, rather than lecturing.

In 2022, 13 secondary schools in the area were running MVP.

Table: Getting MVP started

| Step | Who | When |
| --- | --- | --- |
| Agree to take part and name an MVP lead | Senior leader | Summer term |
| Staff training | MVP lead and two or three colleagues | Early autumn term |
| Recruit and train mentors | MVP lead with trained staff | Autumn term |
| Mentor-led lessons begin | Mentors, supported by staff | Spring term |

## Recording what you do

MVP leads can record staff trained, mentors' training and the lessons mentors lead in the MVP section of
this service. The figures show the VRN, and your own governors, how many younger pupils the programme
reaches.

> **What to do now**
> - Teach the four safe ways to step in during tutor time this half-term.
> - If you are interested in MVP, contact the VRN schools lead to ask about the next staff training.`,
};

/** Section 3: lessons, and pupils helping each other. */
export const CLASSROOM_SECTION: SeedSection = {
  slug: "in-the-classroom",
  title: "In the classroom",
  summary: "Teaching about violence and weapons in ways that protect pupils, and helping pupils look out for each other.",
  pages: [TEACHING_ABOUT_KNIFE_CRIME, BYSTANDER_AND_MVP],
};
