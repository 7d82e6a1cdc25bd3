/** Pages and JSON API of the providers module (private to the module). */
@NullMarked
package org.kehou.providers.web;

import org.jspecify.annotations.NullMarked;
