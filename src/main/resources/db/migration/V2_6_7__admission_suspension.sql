-- providers: a town office may suspend a provider's admission to its own pool (e.g. after an exit review of the
-- feedback module) and lift its suspension again. A SUSPENDED admission keeps its validity date and admits nothing
-- (the whitelist admits APPROVED only); the review history records both steps.
ALTER TABLE provider_town_admission DROP CONSTRAINT provider_town_admission_status_check;
ALTER TABLE provider_town_admission ADD CONSTRAINT provider_town_admission_status_check
  CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'RETURNED', 'TOWN_APPROVED', 'SUSPENDED'));

ALTER TABLE provider_review DROP CONSTRAINT provider_review_action_check;
ALTER TABLE provider_review ADD CONSTRAINT provider_review_action_check CHECK (action IN ('SUBMIT', 'APPROVE',
  'REJECT', 'RETURN', 'SUSPEND', 'EXPEL', 'REINSTATE', 'CONFIRM', 'ANNUAL_REVIEW', 'TOWN_SUSPEND', 'TOWN_LIFT'));
