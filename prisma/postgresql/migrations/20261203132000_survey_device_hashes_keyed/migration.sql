-- Data only: each response's device hash was a plain SHA-256 of the survey and the browser's token, so a copy
-- of the database with a pupil's cookie found that pupil's answers. New hashes are keyed with the key each
-- start makes and never writes down, and a token from before a start is not recognised after it, so an old
-- hash is never looked up again: it is replaced by random bytes, unique as before
-- (docs/decisions/0146-device-hashes-keyed.md).
UPDATE "SurveyResponse" SET "browserTokenHash" = md5(random()::text || clock_timestamp()::text || "id") || md5(random()::text || "id");
