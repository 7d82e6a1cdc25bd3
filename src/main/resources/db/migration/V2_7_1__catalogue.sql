-- catalogue: course categories (课程类别) and the fee caps (收费上限) in force for them.
-- A cap is city-wide (town_id NULL) or one town's own, lower cap. Caps are never updated: a new cap with a later
-- or equal valid_from supersedes the previous one, so the history stays readable.

CREATE TABLE course_category (
  code      VARCHAR(32) PRIMARY KEY,
  name_zh   VARCHAR(60) NOT NULL,
  name_en   VARCHAR(60),
  kind      VARCHAR(16) NOT NULL CHECK (kind IN ('BASIC_CARE', 'COURSE')),
  active    BOOLEAN NOT NULL DEFAULT TRUE,
  sort      INT NOT NULL DEFAULT 0
);

-- Non-academic categories only: the service teaches no curriculum subjects.
INSERT INTO course_category (code, name_zh, name_en, kind, sort) VALUES
  ('BASIC_CARE', '托管', 'Basic care', 'BASIC_CARE', 10),
  ('ARTS',       '艺术', 'Arts', 'COURSE', 20),
  ('SPORTS',     '体育', 'Sports', 'COURSE', 30),
  ('MORAL',      '德育', 'Moral education', 'COURSE', 40),
  ('SCIENCE',    '科技', 'Science', 'COURSE', 50),
  ('LABOUR',     '劳动', 'Labour', 'COURSE', 60),
  ('READING',    '阅读', 'Reading', 'COURSE', 70),
  ('PSYCHOLOGY', '心理', 'Psychology', 'COURSE', 80);

CREATE TABLE fee_cap (
  id              BIGSERIAL PRIMARY KEY,
  category_code   VARCHAR(32) NOT NULL REFERENCES course_category(code),
  town_id         BIGINT REFERENCES town(id),           -- NULL: the city's cap
  amount_fen      BIGINT NOT NULL CHECK (amount_fen > 0),
  lesson_minutes  INT NOT NULL CHECK (lesson_minutes BETWEEN 10 AND 240),
  valid_from      DATE NOT NULL,
  source          VARCHAR(200) NOT NULL,
  set_by          VARCHAR(100) NOT NULL,
  set_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX fee_cap_lookup_idx ON fee_cap (category_code, town_id, valid_from DESC, id DESC);

-- City caps. Basic care: the published ¥2.5 per 45-minute lesson. The course caps are DEMO reference prices
-- standing for the city Youth Palace's price per lesson of the same kind; a real city enters its own.
INSERT INTO fee_cap (category_code, amount_fen, lesson_minutes, valid_from, source, set_by) VALUES
  ('BASIC_CARE', 250,  45, DATE '2026-01-01', '香山市发改委 2026〔12〕号', 'system'),
  ('ARTS',       3000, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system'),
  ('SPORTS',     2500, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system'),
  ('MORAL',      1500, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system'),
  ('SCIENCE',    3000, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system'),
  ('LABOUR',     2000, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system'),
  ('READING',    2000, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system'),
  ('PSYCHOLOGY', 2500, 60, DATE '2026-01-01', '香山市青少年宫参考价（演示数据）', 'system');
