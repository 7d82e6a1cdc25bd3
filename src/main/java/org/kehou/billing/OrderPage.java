package org.kehou.billing;

import java.util.List;

import org.kehou.shared.Money;

/** A page of orders with the totals of all orders matching the filter (not only this page's). */
public record OrderPage(List<OrderView> orders, int page, int size, long total, long owedFen, long paidFen,
		long refundedFen, long exemptFen) {

	public OrderPage {
		orders = List.copyOf(orders);
	}

	public int pages() {
		return (int) ((total + size - 1) / size);
	}

	public boolean hasNext() {
		return (long) (page + 1) * size < total;
	}

	public Money owed() {
		return Money.ofFen(owedFen);
	}

	public Money paid() {
		return Money.ofFen(paidFen);
	}

	public Money refunded() {
		return Money.ofFen(refundedFen);
	}

	public Money exempt() {
		return Money.ofFen(exemptFen);
	}
}
