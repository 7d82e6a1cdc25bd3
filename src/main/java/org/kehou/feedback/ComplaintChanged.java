package org.kehou.feedback;

/**
 * A complaint took a step (filed, accepted, responded, escalated, resolved, reopened, rated); raised in the step's
 * transaction.
 */
public record ComplaintChanged(long complaintId, long stepId, ComplaintStep.Kind kind, ComplaintLevel level) {
}
