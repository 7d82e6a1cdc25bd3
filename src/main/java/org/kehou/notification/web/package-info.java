/** Pages and JSON API of the inbox and the notification preferences (private to the module). */
@NullMarked
package org.kehou.notification.web;

import org.jspecify.annotations.NullMarked;
