-- attendance: instructor check-in (机构教师签到). The school shows a per-session QR code in the classroom; the
-- instructor scans it, checks in and later out. The records feed provider settlement and supervision.

-- The per-session random secret the QR codes' HMAC is keyed with (made when the code is first shown).
CREATE TABLE check_in_secret (
  session_id  BIGINT PRIMARY KEY REFERENCES class_session(id) ON DELETE CASCADE,
  secret      BYTEA NOT NULL CHECK (octet_length(secret) = 32),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per (session, instructor): the primary key makes a double tap or two concurrent sends one check-in.
CREATE TABLE instructor_check_in (
  session_id      BIGINT NOT NULL REFERENCES class_session(id) ON DELETE CASCADE,
  instructor_id   BIGINT NOT NULL REFERENCES instructor(id),
  provider_id     BIGINT NOT NULL REFERENCES provider(id),  -- copied for settlement by provider and period
  school_id       BIGINT NOT NULL REFERENCES school(id),
  session_date    DATE NOT NULL,                            -- copied from the session (reports by date)
  checked_in_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  checked_in_by   BIGINT REFERENCES app_user(id),
  checked_out_at  TIMESTAMPTZ,
  PRIMARY KEY (session_id, instructor_id),
  CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at)
);
CREATE INDEX instructor_check_in_provider_idx ON instructor_check_in(provider_id, session_date);
CREATE INDEX instructor_check_in_school_idx ON instructor_check_in(school_id, session_date);

-- A session whose instructor had not checked in N minutes after its start: alerted once (the insert decides).
CREATE TABLE check_in_missing_alert (
  session_id  BIGINT PRIMARY KEY REFERENCES class_session(id) ON DELETE CASCADE,
  alerted_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
