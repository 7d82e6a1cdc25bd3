/**
 * Identity: accounts, login, roles, scopes, the audit log and personal-data protection.
 * <p>
 * Every web endpoint declares who may call it ({@link org.kehou.identity.Access} or
 * {@link org.kehou.identity.PublicEndpoint}); one interceptor checks the role and, through the
 * {@link org.kehou.identity.OwnerResolver}s other modules contribute, that every id in the path or parameters lies
 * inside the caller's {@link org.kehou.identity.Scope}. An endpoint without a declaration is refused.
 */
@NullMarked
package org.kehou.identity;

import org.jspecify.annotations.NullMarked;
