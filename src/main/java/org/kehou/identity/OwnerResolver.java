package org.kehou.identity;

import java.util.Optional;

/**
 * Contributed by the module that owns a kind of data: tells the access interceptor who owns the record a request
 * names. The interceptor looks for {@link #parameter()} among the path variables and request parameters of
 * every request; an id that does not exist, or lies outside the caller's scope, ends the request with 404.
 */
public interface OwnerResolver {

	/** The path variable / request parameter name, e.g. {@code schoolId}. Unique across modules. */
	String parameter();

	Optional<Owner> ownerOf(long id);

	/** A resolver from a parameter name and a lookup. */
	static OwnerResolver of(String parameter, java.util.function.LongFunction<Optional<Owner>> lookup) {
		return new OwnerResolver() {

			@Override
			public String parameter() {
				return parameter;
			}

			@Override
			public Optional<Owner> ownerOf(long id) {
				return lookup.apply(id);
			}
		};
	}
}
