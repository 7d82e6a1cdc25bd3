@NullMarked
package org.kehou.cityfeed.internal;

import org.jspecify.annotations.NullMarked;
