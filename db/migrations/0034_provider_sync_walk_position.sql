-- Where a walk through a long provider listing (statements, the card list) stopped at a run's page cap; rows of kind
-- "walk:<listing>" only. NULL: no walk under way.
ALTER TABLE "provider_sync_status" ADD COLUMN "walk_position" jsonb;
