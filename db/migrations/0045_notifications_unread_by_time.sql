-- The bell lists a person's unread notices first, newest first (db/queries/notifications.ts listNotifications), so
-- unread ones older than the newest page are listed and can be marked read. This index walks them in that order and
-- also serves the unread count, which the single-column notifications_unread_idx served before.
CREATE INDEX IF NOT EXISTS "notifications_recipient_unread_created_idx" ON "notifications" USING btree ("recipient_user_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "notifications"."read_at" is null;--> statement-breakpoint
DROP INDEX IF EXISTS "notifications_unread_idx";
