/**
 * The demo survey templates: knife-crime awareness before and after a session (the same core items, so
 * they compare), MVP mentors before and after training, and pupils' feedback on a mentor-led lesson.
 * Core keys are shared with the reach figures: law, knife-safer, where-help, tell-adult, and mvp-*.
 */
type Question = {
  type: string;
  prompt: string;
  helpText?: string;
  required?: boolean;
  reverseScored?: boolean;
  options?: string[];
  coreKey?: string;
};

export type TemplateSeed = {
  family: string;
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

const MVP_CORE: Question[] = [
  { type: "AGREEMENT", coreKey: "mvp-know-what-to-do", prompt: "I would know what to do if I saw someone being hurt or bullied." },
  { type: "AGREEMENT", coreKey: "mvp-speak-up", prompt: "I feel confident speaking up when a friend's behaviour is wrong." },
  { type: "AGREEMENT", coreKey: "mvp-violence-ok", reverseScored: true, prompt: "Sometimes violence is the only way to sort things out." },
  { type: "AGREEMENT", coreKey: "mvp-lead-discussion", prompt: "I feel able to lead a discussion with younger pupils." },
];

export const SURVEY_TEMPLATES: TemplateSeed[] = [
  {
    family: "knife-crime-before",
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
      },
      { type: "YES_NO", prompt: "Would you recommend this session to other pupils?" },
      ANYTHING_ELSE,
    ],
  },
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
