import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { ModuleForm } from "~/components/mvp-forms";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseIntent, parseSubmission, refusalErrors } from "~/lib/submission.server";
import { moduleSchema } from "~/lib/mvp-schemas";
import { deleteModule, getModule, moduleVersion, setModuleActive, updateModule } from "~/models/mvp-modules.server";
import { counted } from "~/lib/numbers";
import { changedMeanwhileReply } from "~/lib/edit-version.server";
import { versionToSend } from "~/lib/edit-version";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Change the module ${data.module.title}` : "Change a training module"} – MVP – VRN Schools Forum` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "mvp:manage-modules");
  const module = await getModule(user, args.params.moduleId ?? "");
  return {
    module,
    defaultValue: { title: module.title, description: module.description, required: module.required ? "yes" : "no" },
    version: moduleVersion(module),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "mvp:manage-modules");
  const id = args.params.moduleId ?? "";
  const formData = await args.request.formData();
  const intent = parseIntent(formData, ["retire", "restore", "delete", "save"]);
  if (intent === "retire" || intent === "restore") {
    const result = await setModuleActive(user, id, intent === "restore");
    if (!result.ok) return data({ form: null, problem: result.message }, { status: 400 });
    if (!result.changed) {
      return redirectWithMessage("/mvp/modules", `Nothing changed: module “${result.title}” was already ${intent === "retire" ? "retired" : "live"}`);
    }
    return redirectWithMessage("/mvp/modules", intent === "retire" ? "Module retired" : "Module brought back");
  }
  if (intent === "delete") {
    const result = await deleteModule(user, id);
    if (!result.ok) return data({ form: null, problem: result.message }, { status: 400 });
    return redirectWithMessage("/mvp/modules", result.unchanged ? "Nothing changed: the module had already been deleted" : "Module deleted");
  }
  const submission = parseSubmission(formData, { schema: moduleSchema });
  if (submission.status !== "success") return data({ form: submission.reply(), problem: null }, { status: 400 });
  const result = await updateModule(user, id, submission.value);
  if ("changedMeanwhile" in result) {
    const { reply, version } = changedMeanwhileReply(submission, "this module", result);
    return data({ form: reply, problem: null, version }, { status: 409 });
  }
  if (!result.ok) return data({ form: submission.reply(refusalErrors(result)), problem: null }, { status: 400 });
  if (!result.changed) return redirectWithMessage("/mvp/modules", `Nothing changed: module “${submission.value.title}” was already up to date`);
  return redirectWithMessage("/mvp/modules", `Module “${submission.value.title}” saved`);
}

export default function EditModule() {
  const { module, defaultValue, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <Link to="/mvp/modules">Back to training modules</Link>
      </p>
      <h1>Change the module “{module.title}”</h1>
      <ErrorSummary message={actionData?.problem} />
      <ModuleForm lastResult={actionData?.form} defaultValue={defaultValue} submitLabel="Save changes" version={versionToSend(actionData, version)} />

      <h2 className="mt-12">{module.active ? "Retire this module" : "Bring this module back"}</h2>
      <Form method="post">
        {module.active ? (
          <>
            <p className="mb-4">A retired module leaves the training grid and no longer counts towards being trained. Completions already recorded are kept.</p>
            <SubmitButton name="intent" value="retire" variant="secondary" pendingText="Retiring…">
              Retire module
            </SubmitButton>
          </>
        ) : (
          <SubmitButton name="intent" value="restore" variant="secondary" pendingText="Saving…">
            Bring module back
          </SubmitButton>
        )}
      </Form>

      {module.completions === 0 ? (
        <>
          <h2 className="mt-12">Delete this module</h2>
          <p className="mb-4">No mentor has completed it yet, so it can be deleted.</p>
          <Form method="post">
            <SubmitButton name="intent" value="delete" variant="warning" pendingText="Deleting…">
              Delete module
            </SubmitButton>
          </Form>
        </>
      ) : (
        <p className="mt-12">
          {counted(module.completions, "completion is", "completions are")} recorded for this module, so it cannot be deleted. Retire it instead.
        </p>
      )}
    </div>
  );
}
