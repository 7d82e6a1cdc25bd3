/**
 * Supervision (the city supervision platform, the "1"): the registry of service platforms and their credentials,
 * ingestion of the records they report through the exchange standard ({@code POST /exchange/v1/batches}), and what
 * is built on the ingested records. Depends on {@code exchange} and {@code shared}, plus {@code identity} (access)
 * and {@code organisation} (the city's registry of towns, schools and platforms): it sees the service platforms'
 * data only as they report it.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SUPERVISION)
@org.springframework.modulith.ApplicationModule(displayName = "Supervision", allowedDependencies = { "exchange", "shared", "identity", "organisation" })
package org.kehou.supervision;

import org.jspecify.annotations.NullMarked;
