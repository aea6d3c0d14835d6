-- Data only: a public reader's guide feedback kept the moment it was given, to the millisecond, and an id
-- that counts up with the clock, either of which a web server's log of who asked for the page when could
-- match. Each keeps its London day instead, as midnight UTC, and a random id (nothing refers to one)
-- (docs/decisions/0163-public-feedback-keeps-its-day.md). London is an hour ahead of UTC from 1am UTC on the
-- last Sunday of March to 1am UTC on the last Sunday of October.
UPDATE "PageFeedback" SET
  "id" = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
      substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
  "createdAt" = strftime('%Y-%m-%dT00:00:00.000+00:00', "createdAt",
    CASE
      WHEN strftime('%Y-%m-%dT%H:%M:%S', "createdAt") >= date(strftime('%Y', "createdAt") || '-03-31', '-6 days', 'weekday 0') || 'T01:00:00'
       AND strftime('%Y-%m-%dT%H:%M:%S', "createdAt") < date(strftime('%Y', "createdAt") || '-10-31', '-6 days', 'weekday 0') || 'T01:00:00'
      THEN '+1 hour'
      ELSE '+0 hours'
    END)
WHERE "givenBy" = 'PUBLIC';
