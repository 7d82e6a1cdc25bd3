package org.kehou.courses;

import org.kehou.catalogue.CapInForce;
import org.kehou.shared.Money;

/**
 * A course's price is above the cap in force: refused (409, like {@code catalogue.TownCapAboveCity}), with a message
 * that names the cap: its amount per reference lesson, the amount for this lesson's length, whose cap (the city's or
 * which town's) and the document it rests on.
 */
public class PriceAboveCap extends IllegalStateException {

	private final transient CapInForce cap;

	private final transient Money price;

	PriceAboveCap(CapInForce cap, Money price, String ownerZh, String ownerEn) {
		super("每课时价格 " + price + " 高于" + ownerZh + "收费上限 " + cap.cap().amount() + "/" + cap.cap().lessonMinutes()
				+ "分钟（本课 " + cap.lessonMinutes() + " 分钟折合 " + cap.amount() + "），依据：" + cap.source()
				+ " / the price " + price + " per lesson is above the cap of " + ownerEn + ": " + cap.cap().amount()
				+ " per " + cap.cap().lessonMinutes() + " min (" + cap.amount() + " for a lesson of "
				+ cap.lessonMinutes() + " min), source: " + cap.source());
		this.cap = cap;
		this.price = price;
	}

	public CapInForce cap() {
		return cap;
	}

	public Money price() {
		return price;
	}
}
