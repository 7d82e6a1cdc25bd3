-- reporting: the service platform's transactional outbox of the exchange (up direction). See docs/exchange-reporter.md.
-- Row triggers on the reported source tables add (record type, source key, op) in the same transaction as the change;
-- the Reporter snapshots the current state of each record, sends it with the outbox id as the record's version, and
-- removes the rows it delivered. Later changes of one source row always get larger ids: the second writer waits on
-- the first one's row lock, so its trigger runs (and takes an id) after the first has committed.

CREATE TABLE exchange_outbox (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_type VARCHAR(24) NOT NULL,
  source_key  VARCHAR(64) NOT NULL,
  op          CHAR(1)     NOT NULL CHECK (op IN ('I', 'U', 'D', 'S')),   -- S: enqueued by a full sync
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Records the city refused (or that failed the standard's schema before sending): kept with the reasons until retried.
CREATE TABLE exchange_parked (
  record_type VARCHAR(24)  NOT NULL,
  source_key  VARCHAR(64)  NOT NULL,
  version     BIGINT       NOT NULL,
  reasons     TEXT         NOT NULL,
  parked_at   TIMESTAMPTZ  NOT NULL,
  PRIMARY KEY (record_type, source_key)
);
CREATE INDEX exchange_parked_at_idx ON exchange_parked(parked_at DESC);

-- Delivered records per city day (Asia/Shanghai), for the page.
CREATE TABLE exchange_delivered_day (
  day       DATE   PRIMARY KEY,
  delivered BIGINT NOT NULL DEFAULT 0
);

-- The reporter's one state row: last success, last error, the back-off.
CREATE TABLE exchange_reporter_state (
  id               SMALLINT PRIMARY KEY CHECK (id = 1),
  last_success_at  TIMESTAMPTZ,
  last_error_at    TIMESTAMPTZ,
  last_error       VARCHAR(500),
  failures         INT NOT NULL DEFAULT 0,
  next_attempt_at  TIMESTAMPTZ
);
INSERT INTO exchange_reporter_state (id) VALUES (1);

-- The trigger functions: one insert each, no joins.
CREATE FUNCTION exchange_outbox_by_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES (TG_ARGV[0], OLD.id::text, 'D');
  ELSE
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES (TG_ARGV[0], NEW.id::text, left(TG_OP, 1));
  END IF;
  RETURN NULL;
END $$;

-- A student: the student, and its class (the class's studentCount) when it joins, leaves or moves.
CREATE FUNCTION exchange_outbox_student() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO exchange_outbox (record_type, source_key, op)
      VALUES ('student', OLD.id::text, 'D'), ('class', OLD.class_id::text, 'U');
  ELSIF TG_OP = 'INSERT' OR OLD.class_id <> NEW.class_id OR OLD.status <> NEW.status THEN
    INSERT INTO exchange_outbox (record_type, source_key, op)
      VALUES ('student', NEW.id::text, left(TG_OP, 1)), ('class', NEW.class_id::text, 'U');
    IF TG_OP = 'UPDATE' AND OLD.class_id <> NEW.class_id THEN
      INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('class', OLD.class_id::text, 'U');
    END IF;
  ELSE
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('student', NEW.id::text, 'U');
  END IF;
  RETURN NULL;
END $$;

-- A hardship category changes the student's hardship flag.
CREATE FUNCTION exchange_outbox_hardship() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('student', OLD.student_id::text, 'U');
  ELSE
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('student', NEW.student_id::text, 'U');
  END IF;
  RETURN NULL;
END $$;

-- A roll-call mark: key "session:student".
CREATE FUNCTION exchange_outbox_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO exchange_outbox (record_type, source_key, op)
      VALUES ('attendance', OLD.session_id || ':' || OLD.student_id, 'D');
  ELSE
    INSERT INTO exchange_outbox (record_type, source_key, op)
      VALUES ('attendance', NEW.session_id || ':' || NEW.student_id, left(TG_OP, 1));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER exchange_outbox_student AFTER INSERT OR DELETE ON student
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_student();
CREATE TRIGGER exchange_outbox_student_u AFTER UPDATE ON student
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION exchange_outbox_student();

CREATE TRIGGER exchange_outbox_hardship AFTER INSERT OR UPDATE OR DELETE ON student_hardship
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_hardship();

CREATE TRIGGER exchange_outbox_class AFTER INSERT OR DELETE ON school_class
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('class');
CREATE TRIGGER exchange_outbox_class_u AFTER UPDATE ON school_class
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION exchange_outbox_by_id('class');

CREATE TRIGGER exchange_outbox_place AFTER INSERT OR DELETE ON place
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('place');
CREATE TRIGGER exchange_outbox_place_u AFTER UPDATE ON place
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.confirmed_at IS DISTINCT FROM NEW.confirmed_at
                     OR OLD.ended_at IS DISTINCT FROM NEW.ended_at OR OLD.offering_id IS DISTINCT FROM NEW.offering_id)
  EXECUTE FUNCTION exchange_outbox_by_id('place');

CREATE TRIGGER exchange_outbox_mark AFTER INSERT OR DELETE ON roll_call_mark
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_mark();
CREATE TRIGGER exchange_outbox_mark_u AFTER UPDATE ON roll_call_mark
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION exchange_outbox_mark();

-- Sessions: only cancellations are reported (record type session-cancelled); roll_taken_at etc. are not.
CREATE TRIGGER exchange_outbox_session_i AFTER INSERT ON class_session
  FOR EACH ROW WHEN (NEW.status = 'CANCELLED') EXECUTE FUNCTION exchange_outbox_by_id('session-cancelled');
CREATE TRIGGER exchange_outbox_session_u AFTER UPDATE ON class_session
  FOR EACH ROW WHEN ((OLD.status = 'CANCELLED' OR NEW.status = 'CANCELLED')
                     AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.reason IS DISTINCT FROM NEW.reason
                          OR OLD.session_date IS DISTINCT FROM NEW.session_date))
  EXECUTE FUNCTION exchange_outbox_by_id('session-cancelled');
CREATE TRIGGER exchange_outbox_session_d AFTER DELETE ON class_session
  FOR EACH ROW WHEN (OLD.status = 'CANCELLED') EXECUTE FUNCTION exchange_outbox_by_id('session-cancelled');
