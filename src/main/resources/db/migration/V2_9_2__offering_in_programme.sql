-- An offering is always of a course in its term's programme: the programme entry cannot be removed while an
-- offering (even a cancelled one, which keeps its history) refers to it. The courses module translates the
-- violation into a clear refusal; it cannot ask the selection module itself without a dependency cycle.
ALTER TABLE offering ADD CONSTRAINT offering_in_programme
  FOREIGN KEY (term_id, course_id) REFERENCES programme_course (term_id, course_id);
