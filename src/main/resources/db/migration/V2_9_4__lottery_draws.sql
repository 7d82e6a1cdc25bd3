-- Lottery draws (摇号): what each draw ran on, so that anybody can re-run it. Module selection (number 9).
-- See docs/lottery.md. One row per drawn round: the primary key alone makes a second draw of a round impossible.
CREATE TABLE lottery_draw (
  round_id       BIGINT      NOT NULL PRIMARY KEY REFERENCES selection_round(id),
  seed           VARCHAR(64) NOT NULL,               -- published with the result
  inputs_gz      BYTEA       NOT NULL,               -- the canonical inputs JSON (LotteryInputs.toJson), gzip
  inputs_sha256  CHAR(64)    NOT NULL,               -- SHA-256 of the canonical JSON (not of the gzip)
  result_sha256  CHAR(64)    NOT NULL,               -- LotteryDraw's result digest (also selection_round.draw_digest)
  children       INT         NOT NULL CHECK (children >= 0),
  won            INT         NOT NULL CHECK (won >= 0),
  waitlisted     INT         NOT NULL CHECK (waitlisted >= 0),
  draw_ms        INT         NOT NULL DEFAULT 0,
  drawn_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  drawn_by       BIGINT                              -- null: the scheduled job
);
