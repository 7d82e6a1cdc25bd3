/**
 * Platform infrastructure: the database (embedded PostgreSQL by default, an external server via KEHOU_DB_URL),
 * web configuration (locale, static assets) and API error handling.
 */
@NullMarked
package org.kehou.platform;

import org.jspecify.annotations.NullMarked;
