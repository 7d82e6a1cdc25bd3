package org.kehou.catalogue;

/** A town tried to set a cap above the city's: towns may only lower the city's fee standard. */
public class TownCapAboveCity extends IllegalStateException {

	private final transient FeeCap cityCap;

	TownCapAboveCity(FeeCap cityCap) {
		super("镇街收费标准不得高于市级标准 " + cityCap.amount() + "/" + cityCap.lessonMinutes() + "分钟（"
				+ cityCap.source() + "） / a town's cap may not exceed the city's cap");
		this.cityCap = cityCap;
	}

	public FeeCap cityCap() {
		return cityCap;
	}
}
