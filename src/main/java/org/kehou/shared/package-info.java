/**
 * Shared kernel: value types and stateless helpers every module may use (deployment roles, masking, errors).
 * No beans with state live here.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package org.kehou.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
