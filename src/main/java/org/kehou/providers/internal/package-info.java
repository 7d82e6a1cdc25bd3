@NullMarked
package org.kehou.providers.internal;

import org.jspecify.annotations.NullMarked;
