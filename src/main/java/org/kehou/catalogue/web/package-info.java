/** Pages and JSON API of the catalogue module (private to the module). */
@NullMarked
package org.kehou.catalogue.web;

import org.jspecify.annotations.NullMarked;
