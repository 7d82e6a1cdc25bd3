/**
 * City feed (the service platform's side of the exchange, down direction): pulls the city's down feed (schools, the
 * whitelist of providers, categories, fee caps, policies) through the published standard only, keeps a mirror of it,
 * applies what belongs in the service platform, shows the city's policies to their audiences and reports read receipts
 * back up as {@code policy-read} records. It talks to the city only over HTTP, as any vendor's platform would. See
 * docs/cityfeed.md.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "City feed")
package org.kehou.cityfeed;

import org.jspecify.annotations.NullMarked;
