-- providers: an instructor's photo (JPEG or PNG; the bytes live in DocumentStorage like providers' documents).
-- At most one per instructor: a replacement updates the row, and the old file is removed after the commit.

CREATE TABLE instructor_photo (
  instructor_id     BIGINT PRIMARY KEY REFERENCES instructor(id) ON DELETE CASCADE,
  content_type      VARCHAR(64) NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size_bytes        BIGINT NOT NULL CHECK (size_bytes > 0),
  sha256            CHAR(64) NOT NULL,
  storage_key       VARCHAR(200) NOT NULL UNIQUE,
  uploaded_by       BIGINT REFERENCES app_user(id),
  uploaded_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
