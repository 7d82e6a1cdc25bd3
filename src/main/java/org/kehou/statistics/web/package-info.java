/** The statistics pages (private). */
@NullMarked
package org.kehou.statistics.web;

import org.jspecify.annotations.NullMarked;
