import { requireSection } from "@/lib/auth/current-user";

/**
 * Checked above every loading boundary of the section, so a refusal answers with a real 403. The funding page's own
 * loading outline sits in its route group, (accounts), so that it does not also stand above the statements page, which
 * answers its own 403 or 404 from the query string before anything streams.
 */
export default async function FundingLayout({ children }: { children: React.ReactNode }) {
  await requireSection("funding");
  return children;
}
