import Link from "next/link";
import { cn } from "@/lib/utils";

/** One block of the overview: a titled card, with an optional link to the full list it summarises. */
export function OverviewPanel({
  id,
  title,
  description,
  link,
  className,
  children,
}: {
  id: string;
  title: string;
  description?: React.ReactNode;
  link?: { href: string; label: string };
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={cn("bg-card text-card-foreground grid min-w-0 content-start gap-3 rounded-xl border p-4 shadow-sm sm:p-5", className)}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 id={id} className="font-semibold">
          {title}
        </h3>
        {link ? (
          <Link href={link.href} className="text-muted-foreground hover:text-foreground text-sm underline-offset-4 hover:underline">
            {link.label}
          </Link>
        ) : null}
      </div>
      {description ? <p className="text-muted-foreground -mt-2 text-sm">{description}</p> : null}
      {children}
    </section>
  );
}

/** A role's group of panels, under its own heading so a screen reader can jump between them. */
export function OverviewGroup({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="grid gap-4">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">{children}</div>
    </section>
  );
}

/** A figure with its label; `testId` lets the end-to-end test read the exact text a person sees. */
export function Figure({ label, value, detail, testId }: { label: string; value: React.ReactNode; detail?: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground text-sm">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {detail ? <dd className="text-muted-foreground text-sm">{detail}</dd> : null}
    </div>
  );
}

export function Quiet({ children }: { children: React.ReactNode }) {
  return <p className="text-muted-foreground text-sm">{children}</p>;
}
