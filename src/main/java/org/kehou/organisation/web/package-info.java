/** Pages and JSON API of the organisation module (private to the module). */
@NullMarked
package org.kehou.organisation.web;

import org.jspecify.annotations.NullMarked;
