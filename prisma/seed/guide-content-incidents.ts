import type { SeedSection } from "./guide";

/** Section 4: when something has happened, or is about to. */
export const INCIDENT_SECTION: SeedSection = {
  slug: "when-something-happens",
  title: "When something happens",
  summary: "Responding calmly and safely to an incident, and knowing who else can help.",
  pages: [
    {
      slug: "responding-to-an-incident",
      title: "Responding to an incident or a pupil carrying a knife",
      summary: "What to do in the first minutes and hours, and how to support the pupils involved afterwards.",
      audience: "All staff. Senior leaders and designated safeguarding leads should know it well",
      reviewInDays: 150,
      body: `Serious incidents are rare, but every member of staff should know what to do if one happens. Plan and
practise now, so that nobody has to decide under pressure.

## If anyone is in immediate danger

- **Call 999.** Ask for the police, and an ambulance if anyone is hurt.
- Do not put yourself at risk, and do not try to take a weapon from someone by force.
- Move other pupils away and follow your school's lockdown or emergency plan.
- If someone is bleeding heavily, press firmly on the wound and keep pressing until help arrives. The 999
  call handler will guide you. Emergency bleed control kits have been placed in parts of Leicester, and the
  call handler can direct you to the nearest one.

## If you think a pupil is carrying a knife

1. Tell the designated safeguarding lead or a senior leader at once. Do not confront the pupil alone.
2. The headteacher, and staff they have authorised, may search a pupil for a knife or weapon without the
   pupil's consent. Follow your search policy and the Department for Education's guidance on
   [searching, screening and confiscation](https://www.gov.uk/government/publications/searching-screening-and-confiscation):
   a second adult should be present, and the pupil should be told why they are being searched.
3. If the pupil refuses and you believe there is a serious risk, call the police.
4. Any knife or weapon found must be handed to the police.
5. Tell the pupil's parents or carers, unless doing so would put the pupil at risk.
6. Record what happened, what was said and what you did, as soon as you can.

## Ask why

A pupil who carries a knife is often frightened, or being exploited by older people, for example to carry
drugs or money for a county lines network. Treat this as a safeguarding matter as well as a behaviour one.
Consider a referral to children's social care or early help, and think about the pupil's safety outside
school. Permanent exclusion may remove the protection that school gives: weigh that carefully.

Table: The first hours after a serious incident

| Who | What they do |
| --- | --- |
| Any member of staff | Make people safe, call 999 if needed, tell a senior leader |
| Senior leader | Take charge, contact police and parents, decide on lockdown |
| Designated safeguarding lead | Start safeguarding actions and referrals, keep the record |
| Headteacher | Inform governors, the local authority and the VRN, plan communication |

## Afterwards

Pupils who saw or heard about an incident may be shaken, even if they seem fine. Tell them what support is
available, give them a chance to talk to a trusted adult, and watch for changes over the following weeks.
Rumours spread quickly on social media, so give parents a short, factual message early. Debrief staff too.

> **What to do now**
> - Check that every member of staff, including new and supply staff, knows the first four steps above.
> - Make sure your search policy names the staff the headteacher has authorised.
> - Read [Referral routes and partners](/guide/when-something-happens/referral-routes-and-partners).`,
    },
    {
      slug: "referral-routes-and-partners",
      title: "Referral routes and partners",
      summary: "Who to contact about a young person at risk of violence or exploitation, and the local programmes that can help.",
      audience: "Designated safeguarding leads, pastoral leads and heads of year",
      // Deliberately past its review date, so the demo's editor shows a review that is due.
      reviewInDays: -20,
      body: `When you are worried that a young person may be harmed, or may harm others, you do not have to act
alone. Start with your designated safeguarding lead, who will decide with you which of these routes to use.

## Statutory routes

- **Immediate danger:** call 999.
- **A child at risk of significant harm:** refer to children's social care in the local authority where the
  child lives: Leicester City, Leicestershire or Rutland. Each has a single front door for referrals.
- **Extra help for the family, below that threshold:** ask for early help through the same local authority.
- **A crime that is not an emergency:** call the police on 101 or report online.
- **Concerns about criminal exploitation or county lines:** tell children's social care and the police.
  Exploitation is abuse, even when the young person seems to take part willingly.

## Programmes supported by the VRN

The VRN funds or co-funds programmes that work with young people at different levels of risk. Eligibility
and areas change, so check with the VRN schools lead before referring.

Table: Programmes supported by the VRN

| Programme | Who it is for | What it offers |
| --- | --- | --- |
| Reach | Pupils aged 11 to 16 at risk of exclusion, in selected schools | A youth worker for about six months, social skills and activities, support for the family |
| Early Intervention Service | Young people aged 11 to 17 in Leicester at risk of offending | A 12-week programme on wellbeing, education and positive activities |
| Community Mentoring Project | People aged 15 to 25 in East and West Leicester and Charnwood | Sustained mentoring from a credible mentor in the community |
| Unlocking Potential | People aged 16 to 25 in contact with the justice system | Help into education, training and work |
| Violence Intervention Project | People aged 11 to 25 at A&E or in police custody after violence | Support at the "reachable moment", then in the community |

## Making a good referral

- Say clearly what you are worried about and why now.
- Include what the school has already tried.
- Tell the young person and their family, unless that would increase the risk.
- Record the referral and agree who will follow it up.

> **What to do now**
> - Check your staff know the number for each local authority's front door and where to find it.
> - Ask the VRN schools lead which programmes are open to your pupils this year.`,
    },
  ],
};

const HELP_INTRO = `Make sure every pupil, parent and carer knows where to turn. Put these details in planners, on posters,
on your website and at the end of any lesson about violence.`;

/** Section 5: help for pupils and families. Two published versions, to show the page history. */
export const HELP_SECTION: SeedSection = {
  slug: "getting-help",
  title: "Getting help",
  summary: "Where young people, parents and carers can turn, at any time of day.",
  pages: [
    {
      slug: "where-to-get-help",
      title: "Where pupils and parents can get help",
      summary: "Helplines, websites and numbers to share with pupils and families, including anonymous ways to report crime.",
      audience: "Everyone: staff, pupils, parents and carers",
      reviewInDays: 120,
      earlier: {
        title: "Where pupils can get help",
        summary: "Helplines and numbers to share with pupils.",
        note: "First published",
        body: `${HELP_INTRO}

## For young people

- Talk to a trusted adult at school.
- [Childline](https://www.childline.org.uk): call 0800 1111, free, at any time.
- [Fearless](https://www.fearless.org): tell them about a crime without giving your name.
- In an emergency, call 999.`,
      },
      body: `${HELP_INTRO}

## For young people

- **Talk to a trusted adult at school.** A teacher, tutor or member of the pastoral team will listen and
  help you get support.
- **[Childline](https://www.childline.org.uk):** call 0800 1111, free, at any time, or chat online. It does
  not show on the phone bill.
- **[Fearless](https://www.fearless.org):** tell them about a crime without giving your name. Fearless is
  the youth service of the charity Crimestoppers.
- **[Shout](https://giveusashout.org):** text SHOUT to 85258 for free support by text, at any time.

## For parents and carers

- **Your child's school.** Ask for the designated safeguarding lead.
- **The Live Safe website,** set up by the VRN and its partners, has facts and advice on keeping young
  people safe, with a section for parents and carers. Find it from the
  [Violence Reduction Network's website](https://www.violencereductionnetwork.co.uk).
- **[NSPCC helpline](https://www.nspcc.org.uk):** call 0808 800 5000 if you are worried about a child.
- **[Crimestoppers](https://crimestoppers-uk.org):** call 0800 555 111 to report crime anonymously.

## Emergencies and the police

Table: Which number to call

| Situation | What to do |
| --- | --- |
| Someone is in danger or hurt, or a crime is happening now | Call 999 |
| You need the police, but it is not an emergency | Call 101 |
| You want to report a crime without giving your name | Fearless online, or Crimestoppers on 0800 555 111 |
| A young person needs to talk | Childline on 0800 1111 |

> **What to do now**
> - Check these numbers appear in pupil planners and on your school website.
> - Make sure pupils know who the trusted adults in school are, by name.`,
    },
  ],
};
