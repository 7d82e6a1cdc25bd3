/**
 * Providers: third-party institutions (校外机构) that apply for entry with their qualifications, the town offices'
 * review (approve, reject, return for correction), admission to town pools, and the city's suspension or
 * expulsion (退出).
 * <p>
 * Other modules use {@link org.kehou.providers.Providers} and its view records; {@code web} and {@code internal} are
 * private. The review rules live in the aggregate {@code Provider}.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Providers")
package org.kehou.providers;

import org.jspecify.annotations.NullMarked;
