package org.kehou.identity.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo mode only: {@code kehou.demo.show-codes=true} also shows a one-time sign-in code on the page (it is always
 * in the log of the logging SMS channel). Never set in production.
 */
@ConfigurationProperties("kehou.demo")
record DemoCodeProperties(@DefaultValue("false") boolean showCodes) {
}
