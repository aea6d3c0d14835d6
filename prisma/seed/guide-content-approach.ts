import type { SeedSection } from "./guide";

/** Sections 1 and 2: why prevention works, the law, and how a whole school takes part. */
export const APPROACH_SECTIONS: SeedSection[] = [
  {
    slug: "understanding-violence-prevention",
    title: "Understanding violence prevention",
    summary: "The thinking behind the Violence Reduction Network's work, and the law that now asks every partner to play a part.",
    pages: [
      {
        slug: "public-health-approach",
        title: "The public-health approach: what it means for a school",
        summary: "Violence is not inevitable. Treating it like a health problem helps a school see where it can make the most difference.",
        audience: "Senior leaders, designated safeguarding leads and anyone new to violence prevention",
        reviewInDays: 300,
        body: `Violence among young people can feel sudden and random. It rarely is. It follows patterns that can be
measured, and it has causes that can be reduced. A public-health approach treats violence the way we treat
an illness that spreads: look at the whole population, find what makes harm more or less likely, and act
early, before anyone is hurt.

The Violence Reduction Network (VRN) for Leicester, Leicestershire and Rutland has worked this way since it
was set up in 2019. Schools are one of its most important partners, because nearly every young person
spends most of their week in one.

## Four steps

The approach follows four steps, first set out by the World Health Organization:

1. **Understand the problem.** Use data to find out who is affected, where and when.
2. **Find the causes.** Work out what raises the risk of violence (risk factors) and what protects against
   it (protective factors).
3. **Try what works.** Design or choose responses that have evidence behind them, and test them.
4. **Grow what works.** Scale up what succeeds and keep checking it still does.

A school can use the same four steps on a small scale: its own behaviour logs, attendance and suspension
figures are step one.

## Risk and protection

No single factor causes violence. Risk builds up when several come together, such as being excluded from
school, experiencing trauma at home, having friends involved in crime or being exploited by older people.
Protective factors work the other way: a trusted adult, a sense of belonging at school, good attendance and
positive things to do after school all make harm less likely.

Schools cannot remove every risk, but they hold many of the strongest protective factors.

## Three levels of prevention

Table: Prevention at three levels, with examples from schools

| Level | When it happens | What it can look like in school |
| --- | --- | --- |
| Primary | Before any violence, for everyone | A curriculum on healthy relationships and conflict, a calm culture, peer mentoring |
| Secondary | When early signs appear | Mentoring, a youth worker, a family meeting, a referral to early help |
| Tertiary | After violence has happened | Support after an incident, safety planning, keeping the pupil in education |

## Why the end of the school day matters

Local data shows two peaks in serious violence: between 3pm and 4pm, and between 11pm and midnight. The
first is the journey home from school. Staggered finishing times, staff on the gate, safe routes and
after-school activities can all reduce the risk in that hour.

> **What to do now**
> - Look at where and when incidents involving your pupils happen, in school and on the way home.
> - Pick one protective factor to strengthen this term, such as attendance or a trusted adult for every
>   pupil at risk of suspension.
> - Read [Building a whole-school approach](/guide/whole-school-approach/building-a-whole-school-approach) next.`,
      },
      {
        slug: "serious-violence-duty",
        title: "The Serious Violence Duty and your school",
        summary: "Since 31 January 2023 local partners must work together to prevent serious violence. Here is what schools are asked to do.",
        audience: "Headteachers, governors, trust leaders and designated safeguarding leads",
        reviewInDays: 240,
        body: `The Serious Violence Duty comes from the Police, Crime, Sentencing and Courts Act 2022. It has been in
force since **31 January 2023**. It requires local organisations to work together to understand serious
violence in their area and to prevent and reduce it.

## Who the duty applies to

The duty names two kinds of organisation.

- **Specified authorities** must work together and lead the local response: the police, fire and rescue
  services, justice services (probation and youth justice teams), health (integrated care boards) and
  local authorities.
- **Relevant authorities**, which include schools, colleges and other education providers, and prisons and
  youth custody, must co-operate with the specified authorities when asked.

So a school is not expected to lead the work, but it is expected to take part when the partnership asks.

## What the partnership produces

Together, the specified authorities:

- agree a local definition of serious violence;
- write a **strategic needs assessment**: a picture, drawn from shared data, of what violence happens,
  where, to whom and why;
- publish a **strategy** setting out how they will prevent and reduce it, and review it every year.

In Leicester, Leicestershire and Rutland the VRN brings these partners together. Local definitions under
the duty cover domestic abuse and sexual violence as well as violence in public places.

## What your school may be asked to do

Table: What the duty asks of partners and of schools

| The partnership will | Your school may be asked to |
| --- | --- |
| Collect and share data to understand local violence | Share information it already holds, such as attendance and suspension trends, without naming pupils unless safeguarding requires it |
| Consult on the strategic needs assessment and strategy | Give the views of staff, pupils and parents |
| Set out actions for each sector | Act on the actions for education and reflect them in its policies |
| Review progress each year | Say what has changed and what has not worked |

## How it fits with safeguarding

The duty does not replace your safeguarding duties. Keeping Children Safe in Education still sets out how
you respond to a child at risk. The Serious Violence Duty adds a shared, area-wide view, so that the patterns
behind individual cases can be tackled too.

> **What to do now**
> - Name one person, usually the designated safeguarding lead, as your contact for the duty.
> - Check your behaviour and safeguarding policies against the local strategy.
> - Join the VRN Schools Forum, where the partnership asks schools for their views.`,
      },
    ],
  },
  {
    slug: "whole-school-approach",
    title: "A whole-school approach",
    summary: "Prevention works best when it runs through a school's culture, not just its lessons.",
    pages: [
      {
        slug: "building-a-whole-school-approach",
        title: "Building a whole-school approach",
        summary: "How leadership, culture, the curriculum, the building and families can all help prevent violence.",
        audience: "Senior leaders, pastoral leads and governors",
        reviewInDays: 320,
        body: `A single assembly about knives will not prevent violence on its own. What makes the difference is the
everyday experience of school: whether pupils feel safe, belong, are known by an adult, and see that
violence and harassment are not accepted. A whole-school approach makes prevention part of everything the
school already does.

## The parts of a whole-school approach

- **Leadership.** A named senior leader owns the work and reports on it to governors.
- **Culture and relationships.** Staff model respect, notice changes in pupils and follow up.
- **Policy.** Behaviour, anti-bullying, safeguarding and searching policies agree with each other.
- **Curriculum.** Relationships, health and citizenship lessons build skills for handling conflict, peer
  pressure and risk, year by year.
- **Environment.** Supervision covers the places and times where trouble starts: corridors, toilets, the
  gate, the bus stop.
- **Pupil voice.** Pupils help design the work and can report concerns easily and safely.
- **Families and community.** Parents and carers know what the school is doing and how to get help.

## Keep pupils in education

Being out of school is one of the strongest risk factors for involvement in violence, both as a victim and
as someone who harms. Suspension and permanent exclusion remove the protection that school gives, often at
the moment a young person most needs it. Consider alternatives first, such as mentoring, a reduced
timetable with support, or a youth worker. The VRN's Reach project, for example, places youth workers with
pupils at risk of exclusion.

## Questions to ask yourselves

Table: Questions for a whole-school review

| Area | Question |
| --- | --- |
| Data | Do we know where and when incidents happen, including on the way home? |
| Relationships | Does every pupil at risk have a trusted adult who sees them each week? |
| Curriculum | Do lessons build skills, not just warn about dangers? |
| Transitions | Do we hear about Year 6 pupils who may need extra support before they arrive? |
| Staff | Do all staff know how to spot signs of exploitation and who to tell? |

## Check and improve

Choose a few measures you already collect, such as incidents, suspensions, attendance and what pupils say
in surveys, and look at them each term. Change course when something is not working.

> **What to do now**
> - Name the senior leader responsible and put violence prevention on the next governors' agenda.
> - Walk the site at break, lunch and home time and note where supervision is thin.
> - Ask a group of pupils where they feel least safe, and act on what they tell you.`,
      },
      {
        slug: "trauma-informed-practice",
        title: "Trauma-informed practice",
        summary: "Many pupils involved in violence have lived through trauma. Understanding it changes how staff respond to behaviour.",
        audience: "All staff, especially pastoral teams and those who manage behaviour",
        reviewInDays: 280,
        body: `Adverse childhood experiences, such as abuse, neglect, domestic abuse at home, a parent in prison or
living with someone who misuses drugs or alcohol, can shape how a young person's brain and body respond to
stress. A pupil who has learned that the world is dangerous may react to a raised voice, a crowded
corridor or a sudden change of plan as if it were a threat.

Trauma-informed practice means seeing behaviour as communication, asking "what has happened to this young
person?" as well as "what have they done?", and responding in ways that build safety rather than fear.

## What it looks like

- **Safety.** Routines are predictable and changes are explained in advance.
- **Trust.** Adults do what they say they will do, and repair relationships after conflict.
- **Choice.** Pupils have some say, even within firm boundaries.
- **Collaboration.** Staff work with pupils and families rather than doing things to them.
- **Empowerment.** Pupils are helped to name feelings and build the skills to manage them.

## Calm first, then connect, then talk

A pupil who is highly distressed cannot think through consequences. Help them to calm down first, in a
quiet place with a trusted adult. Then reconnect, showing that the relationship has survived. Only then talk
about what happened and what needs to be put right.

## It is not the absence of boundaries

Being trauma-informed does not mean accepting violence or dropping consequences. It means boundaries are
held calmly and consistently, sanctions are proportionate, and the pupil is supported to do better. Public
shaming, shouting and isolation without support tend to make things worse.

Table: Common responses and trauma-informed alternatives

| Instead of | Try |
| --- | --- |
| Demanding an explanation in the moment | Giving time and space to calm down first |
| Sanctions that remove the pupil from every trusted adult | Keeping one relationship going through the sanction |
| Treating every outburst as defiance | Noticing patterns and what sets them off |

## Look after staff too

Working with trauma is demanding. Regular supervision, debriefs after serious incidents and a culture where
staff can ask for help keep the adults steady, and steady adults help pupils feel safe.

The VRN has run a trauma-informed practice training programme for partners across Leicester,
Leicestershire and Rutland. Ask the VRN schools lead about places for your staff.

> **What to do now**
> - Share this page with every adult who manages behaviour, including lunchtime staff.
> - Check your behaviour policy allows time to calm down before consequences are discussed.
> - Make sure staff have a way to debrief after a difficult incident.`,
      },
    ],
  },
];
