/**
 * Exchange (the 1+N data-exchange standard, v1): the record types that travel up (service platform → city) and down
 * (city → service platform), their JSON Schemas ({@link org.kehou.exchange.RecordSchemas}), the request signature
 * ({@link org.kehou.exchange.Signatures}, HMAC-SHA256 over method, path, timestamp, nonce and body digest) and the
 * wire records of a batch ({@link org.kehou.exchange.ExchangeRecord}, {@link org.kehou.exchange.BatchResult},
 * {@link org.kehou.exchange.FeedPage}), student {@link org.kehou.exchange.Pseudonyms}, the signed
 * {@link org.kehou.exchange.ExchangeClient} and the {@link org.kehou.exchange.ForeignVendorSimulator}. Both sides use
 * it: the supervision platform to ingest, a service platform to report. The published standard is
 * {@code docs/exchange/} (docs/exchange.md describes the module).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(displayName = "Exchange")
package org.kehou.exchange;

import org.jspecify.annotations.NullMarked;
