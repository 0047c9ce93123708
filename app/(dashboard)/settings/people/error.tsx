"use client";

import { PageError } from "@/components/layout/page-error";

export default function PeopleError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The people could not be loaded." retry={retry} />;
}
