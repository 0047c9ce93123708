import { requireSection } from "@/lib/auth/current-user";

/** Checked above every loading boundary of the section, so a refusal answers with a real 403. */
export default async function CardsLayout({ children }: { children: React.ReactNode }) {
  await requireSection("cards");
  return children;
}
