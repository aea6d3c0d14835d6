// @ts-check
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** The Prisma client and the module that holds the one instance of it. */
const prismaClient = [
  {
    group: ["~/db.server", "**/db.server"],
    message: "Call a function in app/models instead: only models (and auth) talk to the database.",
  },
  {
    // The generated enums are plain constants (the one source of roles and statuses, re-exported by
    // app/lib/statuses.ts), so they alone may be imported anywhere.
    regex: "(^|/)generated/prisma(/(?!enums$).*)?$|^@prisma/client(/.*)?$",
    message: "Only models (and auth) use the Prisma client; export what a route or component needs from a model.",
  },
];

/**
 * Models' building blocks that skip the actor because only other models call them, after their own
 * checks (the exceptions in tests/unit/models-take-the-actor.test.ts). Routes must not reach for them.
 */
const modelInternals = [
  { name: "~/models/audit.server", importNames: ["recordAudit", "deletedBefore", "alreadyDeleted"] },
  { name: "~/models/booking-messages.server" },
  { name: "~/models/deliveries.server", importNames: ["placesLeft", "placesLeftSql", "placesHeldProblem"] },
  { name: "~/models/guide-editor.server", importNames: ["addRevision"] },
  { name: "~/models/guide-search.server", importNames: ["indexPublishedPage", "removeFromSearch"] },
  { name: "~/models/guide-search-engines.server" },
  { name: "~/models/guide.server", importNames: ["toArticle"] },
  { name: "~/models/housekeeping.server", importNames: ["removeLapsedRecords"] },
  // Only the operator (scripts/start.mjs, scripts/create-lead.ts) prints setup links; only the server gates on them.
  { name: "~/models/lead-setup.server", importNames: ["issueLeadSetupLink", "hasActiveLead"] },
  { name: "~/models/raw-sql.server" },
  { name: "~/models/reach-db.server" },
  { name: "~/models/reach-queries.server" },
  { name: "~/models/reach.server", importNames: ["schoolReachRows"] },
  // Routes use the limits listed in ~/models/limits.server, never a counter of their own.
  { name: "~/models/rate-limits.server", importNames: ["createRateLimiter"] },
  { name: "~/models/reach-sessions.server" },
  { name: "~/models/reach-small-cells.server" },
  // Only bulk writers (the seed, tests) count answers in steps themselves; answering does it in its transaction.
  { name: "~/models/survey-responses.server", importNames: ["countAnswerersInSteps"] },
  { name: "~/models/survey-runs.server", importNames: ["keepRunsInSessionYear"] },
  { name: "~/models/tallies.server" },
  { name: "~/models/school-status.server", importNames: ["schoolRefusal", "schoolSessionRefusal"] },
  { name: "~/models/school-records.server", importNames: ["recordedDaysOf", "dayOutsideSchoolDays", "bookingsBeforeOpening"] },
  { name: "~/models/waitlist.server", importNames: ["offerFreedPlaces", "sendOffers"] },
  { name: "~/models/school-closure.server", importNames: ["withdrawFromSessions", "tellOfWithdrawn"] },
  // Routes give the page its token (newFormToken); the model that saves decides when a form saved before.
  { name: "~/models/sent-forms.server", importNames: ["saveOnce"] },
].map((path) => ({ ...path, message: "A model's building block that skips the actor check: call the model function that takes the actor." }));

/** Layer boundaries (the README's "How the code is laid out"). */
const boundaries = [
  {
    // Routes are thin: they call models, never Prisma.
    files: ["app/routes/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: prismaClient, paths: modelInternals }] },
  },
  {
    // lib holds small pure helpers shared by server and client, below every other layer.
    files: ["app/lib/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            ...prismaClient,
            { group: ["~/components/*", "**/components/*"], message: "lib sits below components: move the shared piece into lib." },
            { group: ["~/models/*", "**/models/*"], message: "lib sits below models: pass the data in, or move the code into a model." },
          ],
        },
      ],
    },
  },
  {
    // Components reach the browser bundle: they may take types from models' server modules (erased at
    // build time), never values; the models' pure rule modules (no `.server`) they may use as they are.
    files: ["app/components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            ...prismaClient.map((pattern) => ({ ...pattern, allowTypeImports: true })),
            {
              group: ["~/models/*.server", "**/models/*.server"],
              allowTypeImports: true,
              message: "Components may import types from models' server modules (`import type`), not server code.",
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      "app/generated/",
      "build/",
      "build-*/",
      "node_modules/",
      "public/",
      "test-results/",
      "test-results-*/",
      "playwright-report/",
      "tests/.data/",
      "backups/",
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    files: ["**/*.tsx"],
    rules: {
      // A wide table sits in a scrolling `role="region"` with tabIndex={0}, so keyboard users can scroll it
      // (axe's scrollable-region-focusable); the rule's default allows this only for tab panels.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
  ...boundaries,
);
