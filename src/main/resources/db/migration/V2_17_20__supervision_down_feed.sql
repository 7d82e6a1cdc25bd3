-- Issue 8, the down direction on the supervision platform: the city's master data (schools, the whitelist of
-- providers, categories, reference prices / caps, policies) as the platforms pull it from GET /exchange/v1/feed.

-- Every change in publication order. The cursor of the feed is seq. Publication is serialised (one transaction at a
-- time holds the feed's advisory lock while it appends), so seq order is commit order and a reader never skips a row.
CREATE TABLE sup_feed (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_type  text        NOT NULL,
    record_id    text        NOT NULL,
    op           text        NOT NULL CHECK (op IN ('upsert', 'delete')),
    data         jsonb,
    published_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((op = 'upsert') = (data IS NOT NULL))
);
CREATE INDEX sup_feed_record ON sup_feed (record_type, record_id, seq);

-- The current state of every down record (its latest change): what the supervision platform's own rules and pages
-- read (whitelist status, caps, schools' required end of service). version = the seq of that change.
CREATE TABLE sup_down_record (
    record_type text        NOT NULL,
    record_id   text        NOT NULL,
    version     bigint      NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false,
    data        jsonb,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (record_type, record_id)
);
