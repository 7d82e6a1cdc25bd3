-- reporting: the other seven up record types (offering, teacher, order, payment, refund, rating, complaint).
-- See docs/exchange-reporter.md. As in V2_18_1: one insert per row change into exchange_outbox, in the change's
-- transaction; WHEN clauses drop updates that change nothing the standard carries. Records derived from another table
-- (an offering's instructors, an order line's order) are enqueued with one indexed INSERT … SELECT.

-- An offering: its own columns that the standard carries (not taken, version, updated_at, venue …).
CREATE TRIGGER exchange_outbox_offering AFTER INSERT OR DELETE ON offering
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('offering');
CREATE TRIGGER exchange_outbox_offering_u AFTER UPDATE ON offering
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.category_code IS DISTINCT FROM NEW.category_code
                     OR OLD.provider_id IS DISTINCT FROM NEW.provider_id OR OLD.capacity IS DISTINCT FROM NEW.capacity
                     OR OLD.grades IS DISTINCT FROM NEW.grades OR OLD.status IS DISTINCT FROM NEW.status
                     OR OLD.fee_per_lesson_fen IS DISTINCT FROM NEW.fee_per_lesson_fen
                     OR OLD.lesson_count IS DISTINCT FROM NEW.lesson_count OR OLD.term_id IS DISTINCT FROM NEW.term_id
                     OR OLD.school_id IS DISTINCT FROM NEW.school_id)
  EXECUTE FUNCTION exchange_outbox_by_id('offering');

-- Its weekly slots and its teachers (offering_id of the row).
CREATE FUNCTION exchange_outbox_offering_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('offering', OLD.offering_id::text, 'U');
  ELSE
    INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('offering', NEW.offering_id::text, 'U');
    IF TG_OP = 'UPDATE' AND OLD.offering_id <> NEW.offering_id THEN
      INSERT INTO exchange_outbox (record_type, source_key, op) VALUES ('offering', OLD.offering_id::text, 'U');
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER exchange_outbox_offering_slot AFTER INSERT OR DELETE ON offering_slot
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_offering_part();
CREATE TRIGGER exchange_outbox_offering_slot_u AFTER UPDATE ON offering_slot
  FOR EACH ROW WHEN (OLD.offering_id IS DISTINCT FROM NEW.offering_id OR OLD.weekday IS DISTINCT FROM NEW.weekday
                     OR OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at
                     OR OLD.active IS DISTINCT FROM NEW.active)
  EXECUTE FUNCTION exchange_outbox_offering_part();
CREATE TRIGGER exchange_outbox_offering_teacher AFTER INSERT OR DELETE ON offering_teacher
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_offering_part();
CREATE TRIGGER exchange_outbox_offering_teacher_u AFTER UPDATE ON offering_teacher
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION exchange_outbox_offering_part();

-- An instructor's documents (or active flag, or provider) change documentsValid of every offering it teaches.
CREATE FUNCTION exchange_outbox_instructor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_outbox (record_type, source_key, op)
    SELECT 'offering', t.offering_id::text, 'U' FROM offering_teacher t WHERE t.instructor_id = NEW.id
    ORDER BY t.offering_id;
  RETURN NULL;
END $$;
CREATE TRIGGER exchange_outbox_instructor_u AFTER UPDATE ON instructor
  FOR EACH ROW WHEN (OLD.certificate_valid_until IS DISTINCT FROM NEW.certificate_valid_until
                     OR OLD.no_criminal_record_on IS DISTINCT FROM NEW.no_criminal_record_on
                     OR OLD.labour_contract IS DISTINCT FROM NEW.labour_contract
                     OR OLD.contract_start IS DISTINCT FROM NEW.contract_start
                     OR OLD.contract_end IS DISTINCT FROM NEW.contract_end
                     OR OLD.active IS DISTINCT FROM NEW.active OR OLD.provider_id IS DISTINCT FROM NEW.provider_id)
  EXECUTE FUNCTION exchange_outbox_instructor();

-- A teacher: school staff, no name and no phone (so changes of those are not sent).
CREATE TRIGGER exchange_outbox_staff AFTER INSERT OR DELETE ON staff
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('teacher');
CREATE TRIGGER exchange_outbox_staff_u AFTER UPDATE ON staff
  FOR EACH ROW WHEN (OLD.roles IS DISTINCT FROM NEW.roles OR OLD.active IS DISTINCT FROM NEW.active
                     OR OLD.school_id IS DISTINCT FROM NEW.school_id)
  EXECUTE FUNCTION exchange_outbox_by_id('teacher');

-- An order of the standard is one place: our order line. The order's state (paid, refunded, closed) changes them all.
CREATE TRIGGER exchange_outbox_order_line AFTER INSERT OR DELETE ON billing_order_line
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('order');
CREATE TRIGGER exchange_outbox_order_line_u AFTER UPDATE ON billing_order_line
  FOR EACH ROW WHEN (OLD.amount_fen IS DISTINCT FROM NEW.amount_fen OR OLD.lessons IS DISTINCT FROM NEW.lessons
                     OR OLD.exempt_per_lesson_fen IS DISTINCT FROM NEW.exempt_per_lesson_fen
                     OR OLD.exemption_category IS DISTINCT FROM NEW.exemption_category
                     OR OLD.place_id IS DISTINCT FROM NEW.place_id OR OLD.offering_id IS DISTINCT FROM NEW.offering_id
                     OR OLD.order_id IS DISTINCT FROM NEW.order_id)
  EXECUTE FUNCTION exchange_outbox_by_id('order');

CREATE FUNCTION exchange_outbox_billing_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_outbox (record_type, source_key, op)
    SELECT 'order', l.id::text, 'U' FROM billing_order_line l WHERE l.order_id = NEW.id ORDER BY l.id;
  RETURN NULL;
END $$;
CREATE TRIGGER exchange_outbox_billing_order_u AFTER UPDATE ON billing_order
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.paid_fen IS DISTINCT FROM NEW.paid_fen
                     OR OLD.refunded_fen IS DISTINCT FROM NEW.refunded_fen)
  EXECUTE FUNCTION exchange_outbox_billing_order();

CREATE TRIGGER exchange_outbox_payment AFTER INSERT OR DELETE ON billing_payment
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('payment');
CREATE TRIGGER exchange_outbox_payment_u AFTER UPDATE ON billing_payment
  FOR EACH ROW WHEN (OLD.order_id IS DISTINCT FROM NEW.order_id OR OLD.amount_fen IS DISTINCT FROM NEW.amount_fen
                     OR OLD.paid_at IS DISTINCT FROM NEW.paid_at OR OLD.gateway IS DISTINCT FROM NEW.gateway
                     OR OLD.offline_kind IS DISTINCT FROM NEW.offline_kind)
  EXECUTE FUNCTION exchange_outbox_by_id('payment');

-- A refund is reported once done (attempts, errors and the gateway's id are not carried).
CREATE TRIGGER exchange_outbox_refund AFTER INSERT OR DELETE ON billing_refund
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('refund');
CREATE TRIGGER exchange_outbox_refund_u AFTER UPDATE ON billing_refund
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.done_at IS DISTINCT FROM NEW.done_at
                     OR OLD.amount_fen IS DISTINCT FROM NEW.amount_fen OR OLD.reason IS DISTINCT FROM NEW.reason)
  EXECUTE FUNCTION exchange_outbox_by_id('refund');

-- A rating: scores and times only (never the comment or the rater).
CREATE TRIGGER exchange_outbox_rating AFTER INSERT OR DELETE ON offering_rating
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('rating');
CREATE TRIGGER exchange_outbox_rating_u AFTER UPDATE ON offering_rating
  FOR EACH ROW WHEN (OLD.overall IS DISTINCT FROM NEW.overall OR OLD.teaching IS DISTINCT FROM NEW.teaching
                     OR OLD.safety IS DISTINCT FROM NEW.safety OR OLD.offering_id IS DISTINCT FROM NEW.offering_id
                     OR OLD.rated_at IS DISTINCT FROM NEW.rated_at OR OLD.revised_at IS DISTINCT FROM NEW.revised_at)
  EXECUTE FUNCTION exchange_outbox_by_id('rating');

-- A complaint: its course (never its text, response or the complainant).
CREATE TRIGGER exchange_outbox_complaint AFTER INSERT OR DELETE ON complaint
  FOR EACH ROW EXECUTE FUNCTION exchange_outbox_by_id('complaint');
CREATE TRIGGER exchange_outbox_complaint_u AFTER UPDATE ON complaint
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.level IS DISTINCT FROM NEW.level
                     OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.finding IS DISTINCT FROM NEW.finding
                     OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
                     OR OLD.escalations IS DISTINCT FROM NEW.escalations
                     OR OLD.subject_kind IS DISTINCT FROM NEW.subject_kind
                     OR OLD.offering_id IS DISTINCT FROM NEW.offering_id
                     OR OLD.instructor_id IS DISTINCT FROM NEW.instructor_id
                     OR OLD.provider_id IS DISTINCT FROM NEW.provider_id)
  EXECUTE FUNCTION exchange_outbox_by_id('complaint');
