import { Form, Link } from "@remix-run/react";
import { TableHead } from "./table-head";
import { DataTable } from "./data-table";
import { counted } from "~/lib/numbers";
import { NoteBelow } from "./separators";

type Module = { id: string; title: string; description: string; required: boolean; active: boolean; completions: number };

/** Move up or down for the module in `place` (from 1) of the curriculum, which the press sends. */
function MoveButton({ module, direction, place }: { module: Module; direction: "up" | "down"; place: number }) {
  return (
    <Form method="post">
      <input type="hidden" name="moduleId" value={module.id} />
      <input type="hidden" name="place" value={place} />
      <button type="submit" name="intent" value={direction} className="button button-secondary py-1 text-base">
        Move {direction}
        <span className="sr-only"> {module.title}</span>
      </button>
    </Form>
  );
}

/** The curriculum in order, with plain forms to reorder it (no dragging, so it works by keyboard and without JavaScript). */
export function ModulesTable({ modules }: { modules: Module[] }) {
  if (modules.length === 0) return <p>No modules yet. Add the first one below.</p>;
  return (
    <DataTable caption={<>Mentor training modules, in order</>}>
      <TableHead columns={["Module", "Required", "Status", "Completed by", { label: "Actions", hidden: true }]} />
      <tbody>
        {modules.map((module, index) => (
          <tr key={module.id}>
            <th scope="row">
              {module.title}
              {module.description ? <NoteBelow className="text-base font-normal text-muted">{module.description}</NoteBelow> : null}
            </th>
            <td>{module.required ? "Required" : "Optional"}</td>
            <td>{module.active ? <strong className="tag tag-green">Live</strong> : <strong className="tag tag-grey">Retired</strong>}</td>
            <td>{counted(module.completions, "mentor")}</td>
            <td>
              <div className="flex flex-wrap items-center gap-2">
                {index > 0 ? <MoveButton module={module} direction="up" place={index + 1} /> : null}
                {index < modules.length - 1 ? <MoveButton module={module} direction="down" place={index + 1} /> : null}
                <Link to={`/mvp/modules/${module.id}`}>
                  Change<span className="sr-only"> {module.title}</span>
                </Link>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
