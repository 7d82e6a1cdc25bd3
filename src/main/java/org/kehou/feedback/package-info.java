/**
 * Feedback (质量评价): guardians' ratings of the offerings their children attend, democratic assessment surveys
 * (民主测评), complaints (投诉) with deadlines and escalation, and the providers' scorecards with the exit rule (a term
 * satisfaction below 80 % flags a provider for review). {@code web} and {@code internal} are private.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Feedback")
package org.kehou.feedback;

import org.jspecify.annotations.NullMarked;
