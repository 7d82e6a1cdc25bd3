/** The supervision module's pages and endpoints (private). */
@NullMarked
package org.kehou.supervision.web;

import org.jspecify.annotations.NullMarked;
