/**
 * Reporting (the service platform's side of the exchange, up direction): every relevant change of this platform's
 * data is captured in a transactional outbox and reported to the city supervision platform through the published
 * standard only ({@code org.kehou.exchange}: signed batches over HTTP), as any vendor's platform would. See
 * docs/exchange-reporter.md.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Reporting")
package org.kehou.reporting;

import org.jspecify.annotations.NullMarked;
