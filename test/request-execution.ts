import type { Db } from "@/db/client";
import { findRequest } from "@/db/queries/requests";
import { approveRequest } from "@/lib/requests/decide-request";
import { executeRequest } from "@/lib/requests/execute-request";
import { approveRequestSchema } from "@/lib/requests/schemas";
import { sessionUserFor, TEST_META } from "./session-user";

/** Approves a request step by step, as the demo's manager and then finance, until it is no longer pending. */
export async function approveAll(db: Db, requestId: string): Promise<void> {
  for (const who of ["manager", "finance"]) {
    const request = await findRequest(db, requestId);
    if (request?.status !== "pending") return;
    await approveRequest(db, await sessionUserFor(db, `${who}@demo.test`), TEST_META, approveRequestSchema.parse({ requestId, step: request.currentStep }));
  }
}

/** Runs the executor as the worker would, until the request is Done or Failed. */
export async function executeToEnd(db: Db, requestId: string) {
  for (let step = 0; step < 200; step += 1) {
    const { request } = await executeRequest(db, requestId);
    if (request && (request.status === "done" || request.status === "failed")) return request;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error("request never finished");
}
