-- A declined registration always has a reason: the first check let a NULL reason through (NULL > 0 is not false).
ALTER TABLE registration DROP CONSTRAINT registration_declined_has_reason;
ALTER TABLE registration ADD CONSTRAINT registration_declined_has_reason
  CHECK (status <> 'DECLINED' OR length(btrim(coalesce(decline_reason, ''))) > 0);
