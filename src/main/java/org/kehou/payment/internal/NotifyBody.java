package org.kehou.payment.internal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a sandbox notification, shaped like WeChat Pay v3's (with the resource in clear instead of AES-GCM
 * encrypted): {@code {"id", "create_time", "event_type", "resource": {"out_trade_no", "transaction_id",
 * "trade_state", "success_time", "amount": {"total", "currency"}, "payer": {"openid"}}}}.
 */
record NotifyBody(String id, @JsonProperty("create_time") String createTime,
		@JsonProperty("event_type") String eventType, Resource resource) {

	record Resource(@JsonProperty("out_trade_no") String outTradeNo,
			@JsonProperty("transaction_id") String transactionId, @JsonProperty("trade_state") String tradeState,
			@JsonProperty("success_time") String successTime, Amount amount, Payer payer) {
	}

	record Amount(long total, String currency) {
	}

	record Payer(String openid) {
	}

	NotifyBody withAmount(long total) {
		return new NotifyBody(id, createTime, eventType, new Resource(resource.outTradeNo(), resource.transactionId(),
				resource.tradeState(), resource.successTime(), new Amount(total, resource.amount().currency()),
				resource.payer()));
	}
}
