import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ModuleForm } from "~/components/mvp-forms";
import { ModulesTable } from "~/components/mvp-modules";
import { redirectWithMessage } from "~/lib/flash.server";
import { wholeNumber } from "~/lib/numbers";
import { parseButtonForm, parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { MAX_LIVE_MODULES } from "~/lib/mvp";
import { moduleSchema } from "~/lib/mvp-schemas";
import { createModule, listModulesForLead, moveModule } from "~/models/mvp-modules.server";
import { newFormToken } from "~/models/sent-forms.server";
import { sentAlready } from "~/lib/sent-once";

export const meta: MetaFunction = () => [{ title: "Mentor training modules – MVP – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:manage-modules");
  return { modules: await listModulesForLead(user), formToken: newFormToken() };
}

const moveModuleSchema = z.object({
  moduleId: z.string(),
  // The place the page showed it in: one found elsewhere (the same press sent again) is not moved.
  place: wholeNumber("place", 1, 100_000).optional(),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:manage-modules");
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["up", "down", "save"]);
  if (intent === "up" || intent === "down") {
    const { moduleId, place } = parseButtonForm(formData, moveModuleSchema, "Choose a module to move.");
    const moved = await moveModule(user, moduleId, intent, place);
    return redirectWithMessage("/mvp/modules", moved.ok ? `Module moved ${intent}` : moved.message);
  }
  const submission = parseSubmission(formData, { schema: moduleSchema });
  if (submission.status !== "success") return data({ form: submission.reply() }, { status: 400 });
  const created = await createModule(user, submission.value);
  if (!created.ok) return data({ form: submission.reply(refusalErrors(created)) }, { status: 400 });
  if ("repeat" in created) return redirectWithMessage("/mvp/modules", sentAlready(`the module “${created.title}” added`));
  return redirectWithMessage("/mvp/modules", `Module “${created.title}” added`);
}

export default function TrainingModules() {
  const { modules, formToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p className="mb-4">
        <Link to="/mvp">Back to MVP</Link>
      </p>
      <h1>Mentor training modules</h1>
      <div className="mb-8 max-w-3xl space-y-4">
        <p className="text-xl">The curriculum every school&apos;s mentors are trained in, in the order schools see it.</p>
        <p>
          A mentor counts as trained once they have completed every required module that is not retired. That is judged against the list as it is now, for every
          year: adding a required module, or making one required, changes who counts as trained in past years too. To change the curriculum for new cohorts
          only, add the module as optional.
        </p>
        <p>Each live module is a column of every cohort&apos;s training grid, so the curriculum has at most {MAX_LIVE_MODULES} of them.</p>
      </div>
      <ModulesTable modules={modules} />

      <div className="mt-12 max-w-3xl">
        <h2 id="add-module">Add a module</h2>
        <ModuleForm lastResult={actionData?.form} submitLabel="Add module" formToken={formToken} />
      </div>
    </>
  );
}
