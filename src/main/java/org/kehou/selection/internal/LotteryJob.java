package org.kehou.selection.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.kehou.selection.Lotteries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every minute: draws the lottery rounds that have closed and are not drawn yet. Safe on any number of nodes — each
 * draw locks its round's row ({@code FOR UPDATE}) and draws only while the round is still undrawn, so a node that
 * comes second waits for the first one's commit and then skips the round. A round whose draw fails (logged) is tried
 * again at the next run; the others go on.
 */
@Component
public class LotteryJob {

	private static final Logger log = LoggerFactory.getLogger(LotteryJob.class);

	private final Lotteries lotteries;

	LotteryJob(Lotteries lotteries) {
		this.lotteries = lotteries;
	}

	@Scheduled(fixedDelayString = "${kehou.selection.lottery-job-delay:PT1M}",
			initialDelayString = "${kehou.selection.lottery-job-delay:PT1M}")
	void everyMinute() {
		run(Instant.now());
	}

	/** One run as at {@code now}: the ids of the rounds this node drew. */
	public List<Long> run(Instant now) {
		List<Long> drawn = new ArrayList<>();
		for (long roundId : lotteries.due(now)) {
			try {
				lotteries.drawIfDue(roundId, now).ifPresent(d -> drawn.add(d.roundId()));
			}
			catch (RuntimeException e) {
				log.error("lottery draw of round {} failed; retrying at the next run", roundId, e);
			}
		}
		return drawn;
	}
}
