-- "Needs your approval" notices written before decisions settled them (0028): mark read every one whose step no
-- longer waits (the request moved to a later step, was decided, withdrawn or carried out), as a decision now does.
UPDATE "notifications" AS n
SET "read_at" = now()
FROM "card_requests" AS r
WHERE n."kind" = 'request.needs_you'
  AND n."read_at" IS NULL
  AND n."href" = '/requests/' || r."id"::text
  AND n."organization_id" = r."organization_id"
  AND (r."status" <> 'pending' OR n."event_key" <> 'request:' || r."id"::text || ':step:' || r."current_step"::text || ':needs_you');
