-- The service platform's side of the city's down feed (issue 8, docs/cityfeed.md).

-- Where the puller stands: one row.
CREATE TABLE city_feed_state (
  id              INT PRIMARY KEY CHECK (id = 1),
  feed_cursor     TEXT,
  last_pull_at    TIMESTAMPTZ,
  last_success_at TIMESTAMPTZ,
  last_error_at   TIMESTAMPTZ,
  last_error      TEXT,
  failures        INT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ,
  reads_sent_at   TIMESTAMPTZ,
  reads_error     TEXT
);
INSERT INTO city_feed_state (id) VALUES (1);

-- A mirror of the down records as received: the highest version of each wins.
CREATE TABLE city_down_record (
  record_type VARCHAR(32) NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  version     BIGINT NOT NULL,
  deleted     BOOLEAN NOT NULL,
  data        JSONB,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (record_type, record_id),
  CHECK (deleted = (data IS NULL))
);

-- The city's policies and notices as shown here (the body cleaned again on arrival).
CREATE TABLE city_policy (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id    VARCHAR(64) NOT NULL UNIQUE,
  version      BIGINT NOT NULL,
  title        VARCHAR(200) NOT NULL,
  kind         VARCHAR(16) NOT NULL CHECK (kind IN ('policy', 'notice')),
  body_html    TEXT NOT NULL,
  audiences    TEXT[] NOT NULL,
  town_code    VARCHAR(32),
  attachments  JSONB NOT NULL DEFAULT '[]',
  published_at TIMESTAMPTZ NOT NULL,
  received_at  TIMESTAMPTZ NOT NULL,
  withdrawn_at TIMESTAMPTZ
);
CREATE INDEX city_policy_list_idx ON city_policy (published_at DESC, id DESC) WHERE withdrawn_at IS NULL;

-- Read receipts: one per policy and account.
CREATE TABLE city_policy_read (
  policy_id BIGINT NOT NULL REFERENCES city_policy(id),
  user_id   BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  read_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (policy_id, user_id)
);

-- The read summaries last accepted by the city (only changes are sent again).
CREATE SEQUENCE city_policy_read_version;
CREATE TABLE city_policy_read_sent (
  policy_record  VARCHAR(64) NOT NULL,
  school_code    VARCHAR(32) NOT NULL,
  audience       VARCHAR(32) NOT NULL,
  audience_count INT NOT NULL,
  read_count     INT NOT NULL,
  version        BIGINT NOT NULL,
  sent_at        TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (policy_record, school_code, audience)
);

-- Providers this platform blocked because the city's whitelist said so (only these are lifted by an admitted record).
CREATE TABLE city_provider_block (
  provider_id BIGINT PRIMARY KEY,
  credit_code VARCHAR(18) NOT NULL,
  city_status VARCHAR(16) NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  blocked_at  TIMESTAMPTZ NOT NULL
);
