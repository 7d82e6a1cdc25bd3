-- A school's default for "registrations need the school's approval"; a term may override it
-- (registration_settings.needs_approval NULL = follow the school).
CREATE TABLE registration_school_settings (
  school_id       BIGINT      PRIMARY KEY REFERENCES school(id),
  needs_approval  BOOLEAN     NOT NULL,
  updated_by      BIGINT,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE registration_settings ALTER COLUMN needs_approval DROP NOT NULL;
ALTER TABLE registration_settings ALTER COLUMN needs_approval DROP DEFAULT;
