"use client";

/** A field the error summary can point at: the problem's key, the control's id, and the field's name. */
export type ErrorTarget = [key: string, id: string, label: string];

/** An error summary link: to the field, which takes focus, scrolled to the middle so its label shows too. */
function focusField(event: React.MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
}

/**
 * The list under a form's error count: one link per field with a problem, in the form's order, naming the field and
 * its problem. Problems whose field is not among the targets (not on screen) are left to the count and the alert.
 */
export function ErrorLinks({ targets, errors }: { targets: ErrorTarget[]; errors: Record<string, string | undefined> }) {
  const links = targets.filter(([key]) => errors[key]);
  if (links.length === 0) return null;
  return (
    <ul className="text-destructive grid list-disc gap-1 pl-5 text-sm">
      {links.map(([key, id, label]) => (
        <li key={key}>
          <a href={`#${id}`} onClick={(event) => focusField(event, id)} className="underline underline-offset-4 hover:no-underline">
            {label}: {errors[key]}
          </a>
        </li>
      ))}
    </ul>
  );
}
