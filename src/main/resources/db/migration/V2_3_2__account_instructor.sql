-- identity: an instructor's (机构教师) account names the instructor record it stands for, so that the instructor sees
-- and checks in to the sessions they teach (attendance). No foreign key: the instructor table (providers, V2_6_3)
-- comes later in the migration order, like app_user.provider_id. The account's provider must be the instructor's
-- (checked where accounts are linked, AccountDirectory.linkInstructor). One account per instructor.
-- Numbered below migrations already applied on existing databases: spring.flyway.out-of-order is on.
ALTER TABLE app_user ADD COLUMN instructor_id BIGINT;
ALTER TABLE app_user ADD CONSTRAINT app_user_instructor_role CHECK (instructor_id IS NULL OR role = 'INSTRUCTOR');
CREATE UNIQUE INDEX app_user_instructor_uq ON app_user(instructor_id) WHERE instructor_id IS NOT NULL;
