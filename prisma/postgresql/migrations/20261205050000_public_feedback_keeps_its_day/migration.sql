-- Data only: a public reader's guide feedback kept the moment it was given, to the millisecond, and an id
-- that counts up with the clock, either of which a web server's log of who asked for the page when could
-- match. Each keeps its London day instead, as midnight UTC, and a random id (nothing refers to one)
-- (docs/decisions/0163-public-feedback-keeps-its-day.md).
UPDATE "PageFeedback" SET
  "id" = gen_random_uuid()::text,
  "createdAt" = (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London')::date::timestamp
WHERE "givenBy" = 'PUBLIC';
