/**
 * Attendance (考勤): sessions (课次) generated from offerings' weekly timetables and the term calendar, cancelled or
 * rescheduled by the school; roll call (点名) on the teacher's phone; guardians' leave (请假); alerts published as
 * events ({@link ChildMarkedAbsent}, {@link RollCallOverdue}, {@link SessionCancelled}, {@link SessionRescheduled})
 * for the notification module to deliver; attendance views and exports. Check-out and pickup (签退/接送,
 * {@link Pickups}): authorised pickup persons, the go-home-alone permission, one release per session and child, and
 * {@link PickupLate} when a child is not picked up in time; instructor check-in (机构教师签到) by the classroom's QR
 * code ({@link CheckIns}, {@link CheckInMissing}).
 * <p>
 * Other modules use the services, events and view records of this package; {@code web} and {@code internal} are
 * private.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Attendance")
package org.kehou.attendance;

import org.jspecify.annotations.NullMarked;
