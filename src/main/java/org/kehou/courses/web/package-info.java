/** Pages and JSON API of the courses module (private to the module). */
@NullMarked
package org.kehou.courses.web;

import org.jspecify.annotations.NullMarked;
