-- What the approval policy added to a request's own amount when it was filed: the same person's earlier top-ups and first
-- loads (per kind, count and sum). NULL: weighed alone, as every request filed before this column was.
ALTER TABLE "card_requests" ADD COLUMN "policy_basis" jsonb;
