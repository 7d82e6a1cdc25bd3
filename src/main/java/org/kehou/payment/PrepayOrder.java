package org.kehou.payment;

import java.net.URI;
import java.util.Map;

/**
 * The gateway's answer to a prepay: its id for the order and where the payer pays.
 *
 * @param prepayId the gateway's prepay id (WeChat: {@code prepay_id}, valid two hours)
 * @param payUrl the page the payer opens (the sandbox's cashier; WeChat H5 {@code h5_url}; Alipay's page URL)
 * @param payParams what a client-side SDK needs instead of a URL (WeChat JSAPI: appId, timeStamp, nonceStr,
 *        package, signType, paySign); empty when the URL is enough
 */
public record PrepayOrder(String prepayId, URI payUrl, Map<String, String> payParams) {

	public PrepayOrder {
		payParams = Map.copyOf(payParams);
	}
}
