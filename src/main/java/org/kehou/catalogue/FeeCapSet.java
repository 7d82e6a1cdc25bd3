package org.kehou.catalogue;

import org.jspecify.annotations.Nullable;

/** A new fee cap was set (by the city, or by a town for its schools); it supersedes the previous one from its date. */
public record FeeCapSet(long capId, String categoryCode, @Nullable Long townId) {
}
