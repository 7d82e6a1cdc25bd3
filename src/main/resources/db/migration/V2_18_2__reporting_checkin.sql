-- reporting: instructors' check-ins (record type checkin), key "session:instructor". See docs/exchange-reporter.md.
CREATE FUNCTION exchange_outbox_checkin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO exchange_outbox (record_type, source_key, op)
      VALUES ('checkin', OLD.session_id || ':' || OLD.instructor_id, 'D');
  ELSE
    INSERT INTO exchange_outbox (record_type, source_key, op)
      VALUES ('checkin', NEW.session_id || ':' || NEW.instructor_id, left(TG_OP, 1));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER exchange_outbox_checkin AFTER INSERT OR DELETE ON instructor_check_in
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_checkin();
CREATE TRIGGER exchange_outbox_checkin_u AFTER UPDATE ON instructor_check_in
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION exchange_outbox_checkin();
