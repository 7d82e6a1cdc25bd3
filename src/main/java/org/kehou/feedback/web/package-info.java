/** Feedback's pages and API. */
@NullMarked
package org.kehou.feedback.web;

import org.jspecify.annotations.NullMarked;
