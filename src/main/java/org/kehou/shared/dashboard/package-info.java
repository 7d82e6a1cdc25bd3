/**
 * The view-model of a dashboard page, shared by the supervision platform's city dashboards and the service
 * platform's own statistics: KPI tiles, charts as data, a table of child units with links down, a breadcrumb. Labels
 * and values arrive already resolved and formatted; the Thymeleaf fragments in {@code templates/dashboard/} and the
 * script {@code /js/dashboard.js} render them, {@link org.kehou.shared.dashboard.DashboardWorkbook} exports them.
 */
@NullMarked
package org.kehou.shared.dashboard;

import org.jspecify.annotations.NullMarked;
