-- reporting: a record's version comes from this sequence, taken by the Reporter at delivery time (after claiming the
-- outbox rows, before the snapshot query), no longer from the outbox id. A change committed after a claim is claimed
-- by a later delivery and so gets a larger version: the newest state always wins at the city, also for records
-- derived from other rows (a class from its students). See docs/exchange-reporter.md.
-- It starts above every outbox id handed out so far, so versions already sent stay smaller.
CREATE SEQUENCE exchange_record_version AS BIGINT;
SELECT setval('exchange_record_version',
  coalesce(pg_sequence_last_value(pg_get_serial_sequence('exchange_outbox', 'id')::regclass), 0) + 1);

