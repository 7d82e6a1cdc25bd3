/** Feedback's internals: owner resolvers, configuration, schedulers. */
@NullMarked
package org.kehou.feedback.internal;

import org.jspecify.annotations.NullMarked;
