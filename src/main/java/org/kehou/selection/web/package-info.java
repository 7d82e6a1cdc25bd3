/** Pages and JSON API of the selection module (private to the module). */
@NullMarked
package org.kehou.selection.web;

import org.jspecify.annotations.NullMarked;
