/**
 * Payment (online payment through a gateway): the {@link org.kehou.payment.PaymentGateway} interface modelled on
 * WeChat Pay v3 / Alipay (prepay, asynchronous signed notification, query, refund, close, daily statement), the
 * platform's side of it in {@link org.kehou.payment.Payments} (prepay intents, verified notifications recorded
 * exactly once, {@link org.kehou.payment.PaymentConfirmed} published once per transaction, unknown orders resolved by
 * query) and, in {@code internal}, the sandbox gateway that really behaves like a remote gateway (its own tables and
 * signing key, cashier page, notification retries, simulation switches). See docs/payment.md.
 * <p>
 * Other modules (orders, refunds, reconciliation) use the types of this package; {@code web} and {@code internal} are
 * private.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Payment")
package org.kehou.payment;

import org.jspecify.annotations.NullMarked;
