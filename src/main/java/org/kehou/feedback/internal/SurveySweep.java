package org.kehou.feedback.internal;

import org.kehou.feedback.Surveys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every minute: tells the audience of published campaigns whose period has begun, and closes the campaigns whose time
 * is up ({@link Surveys#sweep}). Safe on several nodes (rows locked with SKIP LOCKED, notices de-duplicated).
 */
@Component
class SurveySweep {

	private static final Logger log = LoggerFactory.getLogger(SurveySweep.class);

	private final Surveys surveys;

	SurveySweep(Surveys surveys) {
		this.surveys = surveys;
	}

	@Scheduled(fixedDelayString = "${kehou.feedback.survey-sweep:PT1M}", initialDelayString = "PT1M")
	void sweep() {
		int touched = surveys.sweep(Surveys.now());
		if (touched > 0) {
			log.info("Survey sweep: {} campaigns opened or closed", touched);
		}
	}
}
