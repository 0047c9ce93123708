-- A decision taken in another role than its step's: 'finance' for a team manager's step finance took because the
-- team had no manager who could. NULL for every decision taken in the step's own role.
ALTER TABLE "card_request_events" ADD COLUMN "acted_as" text;