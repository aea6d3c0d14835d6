import { notFound } from "~/lib/responses.server";

// Any address no other route matches: the root error boundary shows the friendly 404 page.
export function loader() {
  notFound();
}

export function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
