@NullMarked
package org.kehou.cityfeed.web;

import org.jspecify.annotations.NullMarked;
