import { describe, expect, it } from "vitest";
import { jobActor, jobActorLabel } from "@/lib/audit/job-actors";
import { JOBS } from "./registry";

describe("the audit log's words for each job", () => {
  it("has words for every job the worker runs, so none of their rows shows a bare queue name", () => {
    const shown = JOBS.map((job) => [job.name, jobActorLabel(jobActor(job.name))] as const);
    expect(shown.filter(([name, label]) => label === jobActor(name)).map(([name]) => name)).toEqual([]);
    for (const [, label] of shown) expect(label).toMatch(/^[A-Z][a-z].* \(job\)$/);
  });
});
