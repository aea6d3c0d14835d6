/**
 * The demo survey templates: before and after a session for each topic that has its own (knife-crime
 * awareness, county lines, online harms, healthy relationships; each pair has the same core items, so
 * they compare), MVP mentors before and after training, and pupils' feedback on a mentor-led lesson.
 * Core keys are shared with the reach figures: law, knife-safer, where-help, tell-adult, and mvp-*.
 * A key is shared across topics only where the item means the same: get-help and trusted-adult are
 * worded for any worry, so county lines, online harms and healthy relationships all ask them.
 */
type Question = {
  type: string;
  prompt: string;
  helpText?: string;
  required?: boolean;
  reverseScored?: boolean;
  options?: string[];
  /** MULTIPLE_CHOICE: the last choice is an answer on its own (decision 0161). */
  lastChoiceExclusive?: boolean;
  coreKey?: string;
};

export type TemplateSeed = {
  family: string;
  /** BOOKING templates: the title of the topic they are written for (prisma/seed/sessions.ts). */
  topic?: string;
  title: string;
  intro: string;
  context: "BOOKING" | "MVP";
  phase: "BEFORE" | "AFTER" | "FEEDBACK";
  questions: Question[];
};

const KNIFE_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "law", prompt: "I know what the law says about carrying a knife." },
  {
    type: "AGREEMENT",
    coreKey: "knife-safer",
    reverseScored: true,
    prompt: "Carrying a knife makes you safer.",
    helpText: "There is no right answer: tell us what you really think.",
  },
  { type: "AGREEMENT", coreKey: "where-help", prompt: "I know where to get help if I am worried about knife crime." },
  { type: "AGREEMENT", coreKey: "tell-adult", prompt: "If I knew someone was carrying a knife, I would tell a trusted adult." },
];

const ANYTHING_ELSE: Question = {
  type: "FREE_TEXT",
  required: false,
  prompt: "Is there anything else you would like to tell us about the session?",
  helpText: "Please do not write your name or anyone else's.",
};

/** Items that mean the same whatever the topic, compared across all three. */
const SHARED_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "get-help", prompt: "I know where to get help if something is worrying me, in school or out of it." },
  { type: "AGREEMENT", coreKey: "trusted-adult", prompt: "If I was worried about my safety or a friend's, I would tell a trusted adult." },
];

const COUNTY_LINES_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "cl-signs", prompt: "I could spot the signs that someone my age is being exploited by a gang." },
  {
    type: "AGREEMENT",
    coreKey: "cl-easy-money",
    reverseScored: true,
    prompt: "Carrying drugs or money for someone older is an easy way to make money.",
    helpText: "There is no right answer: tell us what you really think.",
  },
  { type: "AGREEMENT", coreKey: "cl-debt", prompt: "I understand how gangs use gifts and debts to control young people." },
  ...SHARED_CORE,
];

const ONLINE_HARMS_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "oh-images-law", prompt: "I know what the law says about sharing nude or sexual images of anyone under 18." },
  {
    type: "AGREEMENT",
    coreKey: "oh-online-only",
    reverseScored: true,
    prompt: "Threats made online are not as serious as threats made face to face.",
    helpText: "There is no right answer: tell us what you really think.",
  },
  { type: "AGREEMENT", coreKey: "oh-report", prompt: "I know how to block and report someone who makes me feel unsafe online." },
  ...SHARED_CORE,
];

const RELATIONSHIPS_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "hr-consent", prompt: "I understand what consent means and that it can be taken back at any time." },
  {
    type: "AGREEMENT",
    coreKey: "hr-checking-phone",
    reverseScored: true,
    prompt: "Checking a partner's phone shows that you care about them.",
    helpText: "There is no right answer: tell us what you really think.",
  },
  { type: "AGREEMENT", coreKey: "hr-controlling", prompt: "I could recognise controlling behaviour in a relationship." },
  ...SHARED_CORE,
];

const USEFUL: Question = { type: "SCALE_0_10", prompt: "How useful was the session?", helpText: "0 means not useful at all, 10 means very useful." };
const RECOMMEND: Question = { type: "YES_NO", prompt: "Would you recommend this session to other pupils?" };

/** A topic's before and after templates: the same core items, then a question of each phase's own. */
function topicPair(family: string, topic: string, core: Question[], beforeQuestion: Question): TemplateSeed[] {
  return [
    {
      family: `${family}-before`,
      topic,
      title: `${topic}: before the session`,
      intro: "This survey is anonymous: we do not ask your name and nobody can tell which answers are yours. It takes about 2 minutes.",
      context: "BOOKING",
      phase: "BEFORE",
      questions: [...core, beforeQuestion, ANYTHING_ELSE],
    },
    {
      family: `${family}-after`,
      topic,
      title: `${topic}: after the session`,
      intro: "Thank you for taking part in the session. This survey is anonymous and takes about 2 minutes.",
      context: "BOOKING",
      phase: "AFTER",
      questions: [...core, USEFUL, RECOMMEND, ANYTHING_ELSE],
    },
  ];
}

const MVP_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "mvp-know-what-to-do", prompt: "I would know what to do if I saw someone being hurt or bullied." },
  { type: "AGREEMENT", coreKey: "mvp-speak-up", prompt: "I feel confident speaking up when a friend's behaviour is wrong." },
  { type: "AGREEMENT", coreKey: "mvp-violence-ok", reverseScored: true, prompt: "Sometimes violence is the only way to sort things out." },
  { type: "AGREEMENT", coreKey: "mvp-lead-discussion", prompt: "I feel able to lead a discussion with younger pupils." },
];

export const SURVEY_TEMPLATES: TemplateSeed[] = [
  {
    family: "knife-crime-before",
    topic: "Knife-crime awareness",
    title: "Knife-crime awareness: before the session",
    intro: "This survey is anonymous: we do not ask your name and nobody can tell which answers are yours. It takes about 2 minutes.",
    context: "BOOKING",
    phase: "BEFORE",
    questions: [
      ...KNIFE_CORE,
      {
        type: "SINGLE_CHOICE",
        prompt: "How worried are you about knife crime where you live?",
        options: ["Not at all worried", "A little worried", "Quite worried", "Very worried"],
        required: false,
      },
      { type: "YES_NO", prompt: "Have you had a lesson or talk about knife crime before?" },
      ANYTHING_ELSE,
    ],
  },
  {
    family: "knife-crime-after",
    topic: "Knife-crime awareness",
    title: "Knife-crime awareness: after the session",
    intro: "Thank you for taking part in the session. This survey is anonymous and takes about 2 minutes.",
    context: "BOOKING",
    phase: "AFTER",
    questions: [
      ...KNIFE_CORE,
      { type: "SCALE_0_10", prompt: "How useful was the session?", helpText: "0 means not useful at all, 10 means very useful." },
      {
        type: "MULTIPLE_CHOICE",
        prompt: "If you were worried that someone was carrying a knife, who could you tell?",
        helpText: "Choose all that apply.",
        required: false,
        options: ["A teacher or another adult at school", "A parent or carer", "Childline", "Fearless, anonymously", "The police", "I would not tell anyone"],
        lastChoiceExclusive: true,
      },
      { type: "YES_NO", prompt: "Would you recommend this session to other pupils?" },
      ANYTHING_ELSE,
    ],
  },
  ...topicPair("county-lines", "County lines", COUNTY_LINES_CORE, {
    type: "YES_NO",
    prompt: 'Had you heard the words "county lines" before today?',
  }),
  ...topicPair("online-harms", "Online harms", ONLINE_HARMS_CORE, {
    type: "SINGLE_CHOICE",
    prompt: "How many hours a day do you usually spend on social media?",
    options: ["Less than 1 hour", "1 to 2 hours", "3 to 4 hours", "More than 4 hours"],
    required: false,
  }),
  ...topicPair("healthy-relationships", "Healthy relationships", RELATIONSHIPS_CORE, {
    type: "YES_NO",
    prompt: "Have you had a lesson about relationships and consent before?",
  }),
  {
    family: "mvp-mentors-before",
    title: "MVP mentors: before training",
    intro: "Before your mentor training starts, tell us how you feel now. This survey is anonymous.",
    context: "MVP",
    phase: "BEFORE",
    questions: [
      ...MVP_CORE,
      {
        type: "SINGLE_CHOICE",
        prompt: "Why did you want to be a mentor?",
        required: false,
        options: ["To help younger pupils", "A teacher asked me", "It will look good for college", "My friends were doing it", "Another reason"],
      },
    ],
  },
  {
    family: "mvp-mentors-after",
    title: "MVP mentors: after training",
    intro: "Now that your training is finished, tell us how you feel. This survey is anonymous.",
    context: "MVP",
    phase: "AFTER",
    questions: [
      ...MVP_CORE,
      { type: "SCALE_0_10", prompt: "How well did the training prepare you to lead lessons?", helpText: "0 means not at all, 10 means completely." },
    ],
  },
  {
    family: "mvp-lesson-feedback",
    title: "Feedback on a lesson led by mentors",
    intro: "Older pupils led this lesson. Tell us what you thought. This survey is anonymous.",
    context: "MVP",
    phase: "FEEDBACK",
    questions: [
      { type: "AGREEMENT", prompt: "The mentors explained things clearly." },
      { type: "AGREEMENT", prompt: "I learned something I can use if I see someone being hurt or bullied." },
      { type: "YES_NO", prompt: "Would you talk to a mentor if something was worrying you?" },
      { type: "SCALE_0_10", prompt: "How much did you enjoy the lesson?", helpText: "0 means not at all, 10 means very much." },
    ],
  },
];
