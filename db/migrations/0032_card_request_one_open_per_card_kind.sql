-- Before this index, parallel filings could open several requests of one kind for one card. Per card and kind, keep
-- the one furthest along (executing, then approved, then pending; the oldest first) and withdraw the others still
-- pending or approved: a timeline event says why, and their "needs your approval" notices stop counting as unread.
WITH "ranked" AS (
	SELECT "id", "status", row_number() OVER (
		PARTITION BY "card_id", "kind"
		ORDER BY CASE "status" WHEN 'executing' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, "created_at", "id"
	) AS "rank"
	FROM "card_requests"
	WHERE "card_id" IS NOT NULL AND "status" IN ('pending', 'approved', 'executing')
), "withdrawn" AS (
	UPDATE "card_requests" AS r
	SET "status" = 'cancelled', "awaiting" = NULL, "next_check_at" = NULL, "completed_at" = now(), "updated_at" = now()
	FROM "ranked"
	WHERE r."id" = "ranked"."id" AND "ranked"."rank" > 1 AND "ranked"."status" IN ('pending', 'approved')
	RETURNING r."id", r."organization_id"
), "events" AS (
	INSERT INTO "card_request_events" ("request_id", "type", "actor_user_id", "comment")
	SELECT "id", 'cancelled', NULL, 'Withdrawn: another open request of this kind for this card was filed at the same moment.' FROM "withdrawn"
)
UPDATE "notifications" AS n
SET "read_at" = now()
FROM "withdrawn" AS w
WHERE n."kind" = 'request.needs_you'
	AND n."read_at" IS NULL
	AND n."href" = '/requests/' || w."id"::text
	AND n."organization_id" = w."organization_id";
--> statement-breakpoint
CREATE UNIQUE INDEX "card_requests_one_open_per_card_kind" ON "card_requests" USING btree ("card_id","kind") WHERE "card_requests"."status" in ('pending', 'approved', 'executing');
