/**
 * Statistics (数据统计): the service platform's own dashboards over its own tables — the platform, a town, a school,
 * an offering — for the city admin, a town admin (its town) and a school admin (its school). The figures follow the
 * supervision platform's definitions so that both sides agree for the same data, and the pages use the same dashboard
 * components ({@code org.kehou.shared.dashboard}, {@code templates/dashboard/components.html},
 * {@code /js/dashboard.js}). Read-only statistics read other modules' tables with set-based SQL (as reporting does
 * for its snapshots). See docs/statistics.md.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Statistics")
package org.kehou.statistics;

import org.jspecify.annotations.NullMarked;
