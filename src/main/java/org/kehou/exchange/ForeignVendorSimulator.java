package org.kehou.exchange;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.kehou.shared.ChineseIdNumber;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays a foreign vendor's service platform (issue 8, item 7): generates one school's data in the exchange standard —
 * classes, teachers, students (by pseudonym), offerings with instructors, places, orders, payments, a refund,
 * instructor check-ins, roll calls over a number of school days, a cancelled session, ratings and complaints — and
 * deliberately mixes in what a real vendor sends: exact duplicates, out-of-order versions (v2 before v1) and a few
 * invalid records. Each generated record says which it is ({@link Kind}) and so what the receiver should answer.
 * Deterministic for a seed. {@link #main} pushes it to a supervision platform through {@link ExchangeClient}
 * (docs/exchange.md).
 */
public final class ForeignVendorSimulator {

	/** What a generated record is, and so the outcome a correct receiver gives it. */
	public enum Kind {
		/** a record sent for the first time: accepted */
		ORIGINAL(Outcome.ACCEPTED),
		/** the same id and version as an earlier record, sent again: unchanged */
		DUPLICATE(Outcome.UNCHANGED),
		/** an older version sent after a newer one of the same id: unchanged, the newer stays */
		STALE(Outcome.UNCHANGED),
		/** data that breaks its schema: rejected with reasons */
		INVALID(Outcome.REJECTED);

		private final Outcome expected;

		Kind(Outcome expected) {
			this.expected = expected;
		}

		public Outcome expected() {
			return expected;
		}
	}

	/** A generated record, what it is, and for an invalid one what is wrong with it. */
	public record Simulated(ExchangeRecord record, Kind kind, @Nullable String defect) {

		public boolean invalid() {
			return kind == Kind.INVALID;
		}
	}

	/**
	 * How much to generate.
	 * @param classes classes of the school (grades 1–6 in turn)
	 * @param studentsPerClass students in each class
	 * @param offerings offerings (each meets once a week, Monday to Friday in turn)
	 * @param days school days (Monday to Friday) of roll calls, from the first day
	 */
	public record Size(int classes, int studentsPerClass, int offerings, int days) {

		public Size {
			if (classes < 1 || studentsPerClass < 1 || offerings < 1 || days < 1) {
				throw new IllegalArgumentException("Every size is at least 1");
			}
		}

		public static Size small() {
			return new Size(3, 12, 3, 10);
		}
	}

	static final String[] CATEGORIES = { "chess", "sports", "arts", "science", "reading" };

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	private final String schoolCode;

	private final Pseudonyms pseudonyms;

	private final long seed;

	private final LocalDate firstDay;

	public ForeignVendorSimulator(String schoolCode, Pseudonyms pseudonyms, long seed, LocalDate firstDay) {
		this.schoolCode = schoolCode;
		this.pseudonyms = pseudonyms;
		this.seed = seed;
		this.firstDay = firstDay;
	}

	/** The school's records in the order a vendor would send them, defects mixed in. */
	public List<Simulated> generate(Size size) {
		Random random = new Random(seed);
		List<Simulated> out = new ArrayList<>();
		String p = "sim-" + schoolCode + "-";
		int year = firstDay.getYear();
		String term = year + (firstDay.getMonthValue() < 8 ? "-spring" : "-autumn");
		// classes and their head teachers
		for (int c = 0; c < size.classes(); c++) {
			int grade = 1 + c % 6;
			add(out, RecordType.TEACHER, p + "t" + c, obj("schoolCode", schoolCode, "role", "head-teacher", "active", true));
			add(out, RecordType.CLASS, p + "c" + c, obj("schoolCode", schoolCode, "grade", grade, "name",
					grade + "年级(" + (c / 6 + 1) + ")班", "headTeacherId", p + "t" + c, "studentCount",
					size.studentsPerClass(), "active", true));
		}
		// students, identified by pseudonym only
		List<String> students = new ArrayList<>();
		List<Boolean> hardship = new ArrayList<>();
		int n = 0;
		for (int c = 0; c < size.classes(); c++) {
			int grade = 1 + c % 6;
			for (int k = 0; k < size.studentsPerClass(); k++, n++) {
				String idNumber = idNumber(random, year - 6 - grade, n);
				String pseudonym = pseudonyms.of(idNumber);
				boolean poor = random.nextInt(20) == 0;
				students.add(pseudonym);
				hardship.add(poor);
				add(out, RecordType.STUDENT, p + "s" + n, obj("schoolCode", schoolCode, "studentPseudonym", pseudonym,
						"grade", grade, "classId", p + "c" + c, "gender",
						ChineseIdNumber.gender(idNumber) == 'M' ? "male" : "female", "hardship", poor, "active", true));
			}
		}
		// offerings: once a week each, 16:30–17:30
		int capacity = Math.max(10, (students.size() * 3 / 2) / size.offerings() + 2);
		long[] price = new long[size.offerings()];
		for (int o = 0; o < size.offerings(); o++) {
			price[o] = 30000 + 5000L * (o % 4);
			ObjectNode slot = obj("dayOfWeek", 1 + o % 5, "start", "16:30", "end", "17:30");
			String provider = "SIM-P00" + (1 + o % 3);
			ObjectNode instructor = obj("instructorId", p + "i" + o, "kind", "provider-instructor", "providerCode",
					provider, "documentsValid", true, "documentsValidUntil", firstDay.plusYears(1).toString());
			ObjectNode data = obj("schoolCode", schoolCode, "term", term, "title", "模拟课程" + (o + 1), "categoryCode",
					CATEGORIES[o % CATEGORIES.length], "delivery", "provider", "providerCode", provider, "priceFen",
					price[o], "capacity", capacity, "startDate", firstDay.toString(), "endDate",
					firstDay.plusWeeks(16).toString(), "sessionCount", 16, "status", "running");
			data.set("grades", JSON.createArrayNode().add(1).add(2).add(3).add(4).add(5).add(6));
			data.set("weeklySlots", JSON.createArrayNode().add(slot));
			data.set("instructors", JSON.createArrayNode().add(instructor));
			add(out, RecordType.OFFERING, p + "o" + o, data);
		}
		// places, orders, payments: each student one offering, every third a second one
		Map<Integer, List<Integer>> enrolled = new HashMap<>();
		int[] taken = new int[size.offerings()];
		OffsetDateTime selection = firstDay.minusDays(10).atTime(19, 0).atOffset(CHINA);
		String firstPaidOrder = null;
		String firstPayment = null;
		for (int s = 0; s < students.size(); s++) {
			List<Integer> choices = new ArrayList<>(List.of(s % size.offerings()));
			if (s % 3 == 0 && size.offerings() > 1) {
				choices.add((s + 1) % size.offerings());
			}
			for (int o : choices) {
				if (taken[o] >= capacity) {
					continue;
				}
				taken[o]++;
				enrolled.computeIfAbsent(o, x -> new ArrayList<>()).add(s);
				String place = p + "pl" + s + "-" + o;
				String at = ts(selection.plusMinutes(s));
				add(out, RecordType.PLACE, place, obj("schoolCode", schoolCode, "offeringId", p + "o" + o,
						"studentPseudonym", students.get(s), "status", "confirmed", "confirmedAt", at));
				boolean exempt = hardship.get(s);
				add(out, RecordType.ORDER, p + "or" + s + "-" + o, obj("schoolCode", schoolCode, "offeringId",
						p + "o" + o, "placeId", place, "studentPseudonym", students.get(s), "priceFen", price[o],
						"exemptedFen", exempt ? price[o] : 0, "dueFen", exempt ? 0 : price[o], "status",
						exempt ? "exempted" : "paid", "createdAt", at));
				if (!exempt) {
					add(out, RecordType.PAYMENT, p + "pay" + s + "-" + o, obj("schoolCode", schoolCode, "orderId",
							p + "or" + s + "-" + o, "amountFen", price[o], "channel", s % 2 == 0 ? "wechat" : "alipay",
							"paidAt", ts(selection.plusMinutes(s + 3))));
					if (firstPaidOrder == null) {
						firstPaidOrder = p + "or" + s + "-" + o;
						firstPayment = p + "pay" + s + "-" + o;
					}
				}
			}
		}
		// sessions: check-ins and roll calls over the school days; the first session of offering 0 is cancelled
		LocalDate day = firstDay;
		boolean cancelled = false;
		String[] marks = { "present", "absent", "leave", "late" };
		List<Simulated> attendance = new ArrayList<>();
		for (int d = 0; d < size.days(); d++) {
			while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
				day = day.plusDays(1);
			}
			for (int o = 0; o < size.offerings(); o++) {
				if (1 + o % 5 != day.getDayOfWeek().getValue()) {
					continue;
				}
				String session = p + "o" + o + "-" + day;
				OffsetDateTime start = day.atTime(LocalTime.of(16, 30)).atOffset(CHINA);
				if (o == 0 && !cancelled) {
					cancelled = true;
					add(out, RecordType.SESSION_CANCELLED, p + "sc-" + session, obj("schoolCode", schoolCode,
							"offeringId", p + "o" + o, "sessionId", session, "date", day.toString(), "reason", "weather",
							"cancelledAt", ts(start.minusHours(5))));
					continue;
				}
				int late = random.nextInt(5) == 0 ? 1 + random.nextInt(15) : 0;
				List<Integer> roll = enrolled.getOrDefault(o, List.of());
				add(out, RecordType.CHECKIN, p + "ck-" + session, obj("schoolCode", schoolCode, "offeringId",
						p + "o" + o, "sessionId", session, "instructorId", p + "i" + o, "date", day.toString(),
						"scheduledStart", ts(start), "scheduledEnd", ts(start.plusHours(1)), "at",
						ts(start.plusMinutes(late).minusMinutes(late == 0 ? 5 : 0)), "onTime", late == 0,
						"minutesLate", late, "checkedOutAt", ts(start.plusHours(1).plusMinutes(1)),
						"expectedStudents", roll.size()));
				for (int s : roll) {
					int r = random.nextInt(50);
					String mark = r < 45 ? marks[0] : marks[1 + r % 3];
					Simulated a = add(out, RecordType.ATTENDANCE, p + "a-" + session + "-s" + s,
							attendanceData(session, o, day, students.get(s), mark, start.plusMinutes(5)));
					attendance.add(a);
				}
			}
			day = day.plusDays(1);
		}
		if (firstPaidOrder != null) {
			add(out, RecordType.REFUND, p + "rf0", obj("schoolCode", schoolCode, "orderId", firstPaidOrder, "paymentId",
					firstPayment, "amountFen", 2000, "reason", "session-cancelled", "refundedAt",
					firstDay.plusDays(3).atTime(10, 0).atOffset(CHINA)));
		}
		// ratings (scores only) and complaints (no text)
		for (int o = 0; o < size.offerings(); o++) {
			ObjectNode scores = obj("overall", 3 + random.nextInt(3), "teaching", 3 + random.nextInt(3), "safety", 5);
			ObjectNode rating = obj("schoolCode", schoolCode, "offeringId", p + "o" + o, "instructorId", p + "i" + o,
					"term", term, "ratedAt", day.atTime(20, 0).atOffset(CHINA));
			rating.set("scores", scores);
			add(out, RecordType.RATING, p + "r" + o, rating);
		}
		OffsetDateTime received = firstDay.plusDays(2).atTime(9, 0).atOffset(CHINA);
		add(out, RecordType.COMPLAINT, p + "cp0", obj("schoolCode", schoolCode, "subjectKind", "instructor",
				"subjectId", p + "i0", "providerCode", "SIM-P001", "level", "school", "status", "resolved", "receivedAt",
				ts(received), "dueAt", ts(received.plusDays(7)), "resolvedAt",
				ts(received.plusDays(2)), "finding", "not-upheld"));
		add(out, RecordType.COMPLAINT, p + "cp1", obj("schoolCode", schoolCode, "subjectKind", "fee", "level", "town",
				"status", "received", "receivedAt", ts(received), "dueAt", ts(received.plusDays(5))));
		// read receipts of a city policy (a summary per audience, never who read it)
		add(out, RecordType.POLICY_READ, p + "pr-guardians", obj("policyId", "pol-1", "schoolCode", schoolCode,
				"audience", "all-guardians", "audienceCount", 120, "readCount", 90 + random.nextInt(30), "asOf",
				ts(received.plusDays(1))));
		return withDefects(out, attendance, p, random);
	}

	/** Mixes in out-of-order versions, invalid records and, at the end, duplicates. */
	private List<Simulated> withDefects(List<Simulated> out, List<Simulated> attendance, String p, Random random) {
		List<Simulated> mixed = new ArrayList<>(out);
		// out of order: for up to 3 roll-call marks, a corrected v2 is sent first and the original v1 after it
		for (int i = 0; i < Math.min(3, attendance.size()); i++) {
			Simulated v1 = attendance.get(i * attendance.size() / 3);
			ObjectNode corrected = ((ObjectNode) v1.record().data()).deepCopy();
			corrected.put("status", corrected.get("status").asString().equals("present") ? "late" : "present");
			Simulated v2 = new Simulated(ExchangeRecord.upsert(RecordType.ATTENDANCE, v1.record().id(), 2, corrected),
					Kind.ORIGINAL, null);
			int at = mixed.indexOf(v1);
			mixed.set(at, v2);
			mixed.add(Math.min(mixed.size(), at + 1 + random.nextInt(20)),
					new Simulated(v1.record(), Kind.STALE, null));
		}
		// invalid records, each with a new id
		Simulated template = attendance.isEmpty() ? null : attendance.get(0);
		if (template != null) {
			ObjectNode base = (ObjectNode) template.record().data();
			ObjectNode sick = base.deepCopy().put("status", "sick");
			ObjectNode idNumber = base.deepCopy().put("studentPseudonym", "442000201704021235");
			ObjectNode noTime = base.deepCopy();
			noTime.remove("markedAt");
			insert(mixed, invalid(RecordType.ATTENDANCE, p + "bad-a1", sick, "status is not one of the marks"), 0.3);
			insert(mixed, invalid(RecordType.ATTENDANCE, p + "bad-a2", idNumber, "an ID number instead of a pseudonym"),
					0.5);
			insert(mixed, invalid(RecordType.ATTENDANCE, p + "bad-a3", noTime, "markedAt is missing"), 0.7);
		}
		ObjectNode refund = obj("schoolCode", schoolCode, "orderId", p + "or0-0", "amountFen", -500, "reason", "other",
				"refundedAt", firstDay.atTime(12, 0).atOffset(CHINA));
		insert(mixed, invalid(RecordType.REFUND, p + "bad-rf", refund, "a negative amount"), 0.9);
		// duplicates: the first five roll-call marks again, identical
		for (int i = 0; i < Math.min(5, attendance.size()); i++) {
			Simulated original = attendance.get(i);
			if (mixed.contains(original)) {
				mixed.add(new Simulated(original.record(), Kind.DUPLICATE, null));
			}
		}
		return mixed;
	}

	private static Simulated invalid(RecordType type, String id, ObjectNode data, String defect) {
		return new Simulated(ExchangeRecord.upsert(type, id, 1, data), Kind.INVALID, defect);
	}

	private static void insert(List<Simulated> list, Simulated record, double where) {
		list.add((int) (list.size() * where), record);
	}

	private ObjectNode attendanceData(String session, int o, LocalDate day, String pseudonym, String mark,
			OffsetDateTime at) {
		return obj("schoolCode", schoolCode, "offeringId", "sim-" + schoolCode + "-o" + o, "sessionId", session,
				"date", day.toString(), "studentPseudonym", pseudonym, "status", mark, "markedAt", at);
	}

	private static Simulated add(List<Simulated> out, RecordType type, String id, ObjectNode data) {
		Simulated s = new Simulated(ExchangeRecord.upsert(type, id, 1, data), Kind.ORIGINAL, null);
		out.add(s);
		return s;
	}

	/** A valid resident identity number of the city (region 442000) born in the given year. */
	static String idNumber(Random random, int birthYear, int sequence) {
		LocalDate birth = LocalDate.of(birthYear, 1 + random.nextInt(12), 1 + random.nextInt(28));
		String first17 = "4420" + String.format("%02d", (sequence / 1000) % 100) + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
				+ String.format("%03d", sequence % 1000);
		return first17 + ChineseIdNumber.checkDigit(first17);
	}

	/** RFC 3339 with seconds, as the schemas require ({@code OffsetDateTime.toString()} drops zero seconds). */
	static String ts(OffsetDateTime time) {
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
	}

	private static ObjectNode obj(Object... keyValues) {
		ObjectNode node = JSON.createObjectNode();
		for (int i = 0; i < keyValues.length; i += 2) {
			String key = (String) keyValues[i];
			Object value = keyValues[i + 1];
			if (value instanceof String s) {
				node.put(key, s);
			}
			else if (value instanceof Integer v) {
				node.put(key, v);
			}
			else if (value instanceof Long v) {
				node.put(key, v);
			}
			else if (value instanceof Boolean v) {
				node.put(key, v);
			}
			else if (value instanceof OffsetDateTime v) {
				node.put(key, ts(v));
			}
			else {
				throw new IllegalArgumentException("Unsupported value for " + key);
			}
		}
		return node;
	}

	/** Sends the records in batches of at most {@code batchSize}, in order; the receiver's counts per outcome. */
	public static Map<Outcome, Integer> push(ExchangeClient client, List<Simulated> records, int batchSize) {
		Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
		for (Outcome o : Outcome.values()) {
			counts.put(o, 0);
		}
		for (int from = 0; from < records.size(); from += batchSize) {
			List<ExchangeRecord> batch = records.subList(from, Math.min(records.size(), from + batchSize))
				.stream()
				.map(Simulated::record)
				.toList();
			for (RecordResult result : client.send(batch).results()) {
				counts.merge(result.outcome(), 1, Integer::sum);
			}
		}
		return counts;
	}

	/** What a correct receiver answers, counted per outcome. */
	public static Map<Outcome, Integer> expected(List<Simulated> records) {
		Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
		for (Outcome o : Outcome.values()) {
			counts.put(o, 0);
		}
		records.forEach(r -> counts.merge(r.kind().expected(), 1, Integer::sum));
		return counts;
	}

	/**
	 * {@code --url=http://localhost:8080 --app-id=… [--secret=… or KEHOU_EXCHANGE_SECRET] [--school=4420001001]
	 * [--classes=3] [--students=12] [--offerings=3] [--days=10] [--seed=1] [--first-day=2026-03-02]
	 * [--batch=500] [--pseudonym-key=… or KEHOU_EXCHANGE_PSEUDONYM_KEY]}: generates and pushes, prints the counts.
	 */
	public static void main(String[] args) {
		Map<String, String> a = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				System.err.println("Arguments are --name=value; see docs/exchange.md");
				System.exit(2);
			}
			a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		String url = a.get("url");
		String appId = a.get("app-id");
		String secret = a.getOrDefault("secret", System.getenv("KEHOU_EXCHANGE_SECRET"));
		if (url == null || appId == null || secret == null) {
			System.err.println("Needs --url, --app-id and --secret (or KEHOU_EXCHANGE_SECRET); see docs/exchange.md");
			System.exit(2);
		}
		String key = a.getOrDefault("pseudonym-key", System.getenv("KEHOU_EXCHANGE_PSEUDONYM_KEY"));
		if (key == null || key.isBlank()) {
			key = "simulator-demo-key-not-a-secret";
			System.err.println("No --pseudonym-key: using the simulator's demo key (pseudonyms differ from the city's)");
		}
		Size size = new Size(Integer.parseInt(a.getOrDefault("classes", "3")),
				Integer.parseInt(a.getOrDefault("students", "12")), Integer.parseInt(a.getOrDefault("offerings", "3")),
				Integer.parseInt(a.getOrDefault("days", "10")));
		ForeignVendorSimulator simulator = new ForeignVendorSimulator(a.getOrDefault("school", "4420001001"),
				new Pseudonyms(key), Long.parseLong(a.getOrDefault("seed", "1")),
				LocalDate.parse(a.getOrDefault("first-day", "2026-03-02")));
		List<Simulated> records = simulator.generate(size);
		ExchangeClient client = new ExchangeClient(URI.create(url), appId, secret);
		try {
			Map<Outcome, Integer> counts = push(client, records, Integer.parseInt(a.getOrDefault("batch", "500")));
			System.out.println("sent " + records.size() + " records: " + line(counts));
			System.out.println("expected:              " + line(expected(records)));
		}
		catch (ExchangeException e) {
			System.err.println(e.getMessage());
			System.exit(1);
		}
	}

	private static String line(Map<Outcome, Integer> counts) {
		return "accepted " + counts.get(Outcome.ACCEPTED) + ", unchanged " + counts.get(Outcome.UNCHANGED)
				+ ", rejected " + counts.get(Outcome.REJECTED);
	}
}
