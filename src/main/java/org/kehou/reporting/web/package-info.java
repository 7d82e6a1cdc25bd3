/** The reporting module's pages (private). */
@NullMarked
package org.kehou.reporting.web;

import org.jspecify.annotations.NullMarked;
