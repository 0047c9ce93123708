"use client";

/**
 * The audit table as a client component, for the audit log's full pages. Fed plain rows, it renders on the server as
 * one piece of HTML. Rendered as a server component, a page of 50 sentences was streamed as dozens of fragments
 * swapped in one by one, which cost the page more than its query did.
 */
export { AuditTable } from "./audit-table";
