-- Supervision read models: typed tables projected from the accepted records of each ingested batch (in the batch's
-- transaction, one statement per record type), and the aggregates the dashboards read. Fed ONLY by ingestion
-- (supervision.ReadModelProjection); keyed by (platform, the platform's record id). See docs/supervision-dashboards.md.

CREATE TABLE sup_offering (
  platform_id   BIGINT      NOT NULL,
  record_id     VARCHAR(64) NOT NULL,
  school_code   VARCHAR(32) NOT NULL,
  term          VARCHAR(32) NOT NULL,
  title         VARCHAR(200) NOT NULL,
  category_code VARCHAR(64) NOT NULL,
  provider_code VARCHAR(32),
  price_fen     BIGINT      NOT NULL,
  capacity      INT         NOT NULL,
  status        VARCHAR(16) NOT NULL,
  start_date    DATE        NOT NULL,
  end_date      DATE        NOT NULL,
  instructors   TEXT[]      NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_offering_school ON sup_offering (school_code);

CREATE TABLE sup_place (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  offering_id VARCHAR(64) NOT NULL,
  student     VARCHAR(64) NOT NULL,
  status      VARCHAR(16) NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_place_school ON sup_place (school_code, status);
CREATE INDEX sup_place_by_offering ON sup_place (platform_id, offering_id);

CREATE TABLE sup_student (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  student     VARCHAR(64) NOT NULL,
  grade       INT         NOT NULL,
  hardship    BOOLEAN     NOT NULL,
  active      BOOLEAN     NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_student_by_school ON sup_student (school_code);

-- One row per attendance record (its latest status), kept so that a newer version or a tombstone can take the old
-- status out of the aggregates below (delta maintenance). The dashboards never read it.
CREATE TABLE sup_attendance_mark (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  offering_id VARCHAR(64) NOT NULL,
  day         DATE        NOT NULL,
  status      VARCHAR(16) NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);

-- Marks by status per school, offering and day (what the offering level reads) ...
CREATE TABLE sup_attendance_day (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  offering_id VARCHAR(64) NOT NULL,
  day         DATE        NOT NULL,
  present     INT         NOT NULL DEFAULT 0,
  late        INT         NOT NULL DEFAULT 0,
  absent      INT         NOT NULL DEFAULT 0,
  on_leave    INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, offering_id, day)
);

-- ... and per school and day (what the city, town and school levels read).
CREATE TABLE sup_attendance_school_day (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  day         DATE        NOT NULL,
  present     INT         NOT NULL DEFAULT 0,
  late        INT         NOT NULL DEFAULT 0,
  absent      INT         NOT NULL DEFAULT 0,
  on_leave    INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, day)
);
CREATE INDEX sup_attendance_school_day_day ON sup_attendance_school_day (day, school_code);

-- Instructor check-ins: one row per record (offering level), and per school and day (punctuality aggregates).
CREATE TABLE sup_checkin (
  platform_id   BIGINT      NOT NULL,
  record_id     VARCHAR(64) NOT NULL,
  school_code   VARCHAR(32) NOT NULL,
  offering_id   VARCHAR(64) NOT NULL,
  instructor_id VARCHAR(64) NOT NULL,
  day           DATE        NOT NULL,
  on_time       BOOLEAN     NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_checkin_offering ON sup_checkin (platform_id, offering_id);

CREATE TABLE sup_checkin_day (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  day         DATE        NOT NULL,
  checkins    INT         NOT NULL DEFAULT 0,
  on_time     INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, day)
);
CREATE INDEX sup_checkin_day_day ON sup_checkin_day (day, school_code);

CREATE TABLE sup_rating (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  offering_id VARCHAR(64) NOT NULL,
  overall     INT         NOT NULL,
  rated_on    DATE        NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_rating_school ON sup_rating (school_code, rated_on);
CREATE INDEX sup_rating_offering ON sup_rating (platform_id, offering_id);

CREATE TABLE sup_complaint (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  subject_id  VARCHAR(64),
  status      VARCHAR(16) NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  due_at      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_complaint_school ON sup_complaint (school_code);

CREATE TABLE sup_order (
  platform_id  BIGINT      NOT NULL,
  record_id    VARCHAR(64) NOT NULL,
  school_code  VARCHAR(32) NOT NULL,
  offering_id  VARCHAR(64) NOT NULL,
  price_fen    BIGINT      NOT NULL,
  exempted_fen BIGINT      NOT NULL,
  due_fen      BIGINT      NOT NULL,
  status       VARCHAR(20) NOT NULL,
  created_on   DATE        NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_order_school ON sup_order (school_code, created_on);
CREATE INDEX sup_order_offering ON sup_order (platform_id, offering_id);

CREATE TABLE sup_payment (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  order_id    VARCHAR(64) NOT NULL,
  amount_fen  BIGINT      NOT NULL,
  paid_on     DATE        NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_payment_school ON sup_payment (school_code, paid_on);
CREATE INDEX sup_payment_order ON sup_payment (platform_id, order_id);

CREATE TABLE sup_refund (
  platform_id BIGINT      NOT NULL,
  record_id   VARCHAR(64) NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  order_id    VARCHAR(64) NOT NULL,
  amount_fen  BIGINT      NOT NULL,
  refunded_on DATE        NOT NULL,
  PRIMARY KEY (platform_id, record_id)
);
CREATE INDEX sup_refund_school ON sup_refund (school_code, refunded_on);
CREATE INDEX sup_refund_order ON sup_refund (platform_id, order_id);

-- Per school (and day) aggregates of the other types, maintained by delta like the attendance ones, so that the
-- city level reads a few thousand rows instead of hundreds of thousands of records.
CREATE TABLE sup_student_school (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  students    INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code)
);

-- confirmed places per offering (the offering row holds its school, category and period)
CREATE TABLE sup_place_offering (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  offering_id VARCHAR(64) NOT NULL,
  confirmed   INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, offering_id)
);

-- confirmed places per student, and per school the students with at least one (participants)
CREATE TABLE sup_participant (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  student     VARCHAR(64) NOT NULL,
  places      INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, student)
);

CREATE TABLE sup_participant_school (
  platform_id  BIGINT      NOT NULL,
  school_code  VARCHAR(32) NOT NULL,
  participants INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code)
);

CREATE TABLE sup_rating_day (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  day         DATE        NOT NULL,
  ratings     INT         NOT NULL DEFAULT 0,
  satisfied   INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, day)
);

CREATE TABLE sup_order_day (
  platform_id  BIGINT      NOT NULL,
  school_code  VARCHAR(32) NOT NULL,
  day          DATE        NOT NULL,
  exempted_fen BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, day)
);

CREATE TABLE sup_payment_day (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  day         DATE        NOT NULL,
  amount_fen  BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, day)
);

CREATE TABLE sup_refund_day (
  platform_id BIGINT      NOT NULL,
  school_code VARCHAR(32) NOT NULL,
  day         DATE        NOT NULL,
  amount_fen  BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, school_code, day)
);
