-- The new-request form sends an id per submission: the same id sent again (a double click, a retry after a lost
-- answer) finds the request it filed instead of filing a second. Requests filed before have none (null), and nulls
-- never collide in a unique index, so they stay as they are.
ALTER TABLE "card_requests" ADD COLUMN "submission_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "card_requests_org_submission_unique" ON "card_requests" USING btree ("organization_id","submission_id");