package io.polycache.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

class KeyEncoderTests {

	record ProductKey(long id, String locale) {
	}

	private record Hidden(Object part) {
	}

	enum Color {

		RED, GREEN {
			@Override
			public String toString() {
				return "green";
			}
		}

	}

	static final class Labelled {

		private final String label;

		Labelled(String label) {
			this.label = label;
		}

		@Override
		public String toString() {
			return this.label;
		}

	}

	@Test
	void stringsReadAsThemselves() {
		assertThat(KeyEncoder.encode("user-42")).isEqualTo("user-42");
		assertThat(KeyEncoder.encode("a, b (c) \\ d")).isEqualTo("a, b (c) \\ d");
		assertThat(KeyEncoder.encode("")).isEmpty();
		assertThat(KeyEncoder.encode("emoji \uD83D\uDE00")).isEqualTo("emoji \uD83D\uDE00");
	}

	@Test
	void stringsThatCouldBeMistakenForATagAreEscaped() {
		assertThat(KeyEncoder.encode("~long:1")).isEqualTo("~str:\\~long:1");
		assertThat(KeyEncoder.encode("~sha256:abc")).isEqualTo("~str:\\~sha256:abc");
		assertThat(KeyEncoder.encode("lone \uD800")).isEqualTo("~str:lone \\ud800");
	}

	@Test
	void otherTypesAreTagged() {
		UUID uuid = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
		assertThat(KeyEncoder.encode(42L)).isEqualTo("~long:42");
		assertThat(KeyEncoder.encode(42)).isEqualTo("~int:42");
		assertThat(KeyEncoder.encode((short) 42)).isEqualTo("~short:42");
		assertThat(KeyEncoder.encode((byte) 42)).isEqualTo("~byte:42");
		assertThat(KeyEncoder.encode(BigInteger.TEN)).isEqualTo("~bigint:10");
		assertThat(KeyEncoder.encode(new BigDecimal("1.50"))).isEqualTo("~decimal:1.50");
		assertThat(KeyEncoder.encode(-0.0d)).isEqualTo("~double:-0.0");
		assertThat(KeyEncoder.encode(1.5f)).isEqualTo("~float:1.5");
		assertThat(KeyEncoder.encode(true)).isEqualTo("~bool:true");
		assertThat(KeyEncoder.encode(',')).isEqualTo("~char:\\,");
		assertThat(KeyEncoder.encode(uuid)).isEqualTo("~uuid:" + uuid);
		assertThat(KeyEncoder.encode(LocalDate.of(2024, 1, 31))).isEqualTo("~LocalDate:2024-01-31");
		assertThat(KeyEncoder.encode(new Date(1706659200000L))).isEqualTo("~date:1706659200000");
		assertThat(KeyEncoder.encode(Color.GREEN)).isEqualTo("~enum(" + Color.class.getName() + ",GREEN)");
		assertThat(KeyEncoder.encode(new ProductKey(7, "en")))
			.isEqualTo("~record(" + ProductKey.class.getName() + ",~long:7,en)");
		assertThat(KeyEncoder.encode(new Labelled("x"))).isEqualTo("~obj(" + Labelled.class.getName() + ",x)");
	}

	@Test
	void jdkTypesWhoseToStringIsNotInjectiveAreEncodedByTheirParts() {
		// Found by review: all four pairs once shared one ~obj(...) form.
		assertThat(KeyEncoder.encode(Optional.of("1"))).isNotEqualTo(KeyEncoder.encode(Optional.of(1)));
		assertThat(KeyEncoder.encode(Optional.empty())).isNotEqualTo(KeyEncoder.encode(Optional.of("")));
		assertThat(KeyEncoder.encode(new AbstractMap.SimpleEntry<>("a=b", "c")))
			.isNotEqualTo(KeyEncoder.encode(new AbstractMap.SimpleEntry<>("a", "b=c")));
		assertThat(KeyEncoder.encode(new java.sql.Date(0))).isNotEqualTo(KeyEncoder.encode(new java.sql.Date(3_600_000)));
		java.sql.Timestamp early = new java.sql.Timestamp(0);
		java.sql.Timestamp late = new java.sql.Timestamp(0);
		late.setNanos(500);
		assertThat(KeyEncoder.encode(early)).isNotEqualTo(KeyEncoder.encode(late));
		assertThat(KeyEncoder.encode(new ArrayDeque<>(List.of("a, b"))))
			.isNotEqualTo(KeyEncoder.encode(new ArrayDeque<>(List.of("a", "b"))));
		assertThat(KeyEncoder.encode(new ArrayDeque<>(List.of("a", "b")))).isNotEqualTo(KeyEncoder.encode(List.of("a", "b")));
		assertThat(KeyEncoder.encode(Optional.of(7L))).isEqualTo(KeyEncoder.encode(Optional.of(7L)));
	}

	@Test
	void compositesNestWithEscapedStrings() {
		assertThat(KeyEncoder.encode(new SimpleKey("acme", "x, y"))).isEqualTo("~key(acme,x\\, y)");
		assertThat(KeyEncoder.encode(new SimpleKey("acme, x", "y"))).isEqualTo("~key(acme\\, x,y)");
		assertThat(KeyEncoder.encode(SimpleKey.EMPTY)).isEqualTo("~key()");
		assertThat(KeyEncoder.encode(new SimpleKey("", null))).isEqualTo("~key(~\"\",~null)");
		assertThat(KeyEncoder.encode(List.of("a", List.of(1L)))).isEqualTo("~list(a,~list(~long:1))");
		assertThat(KeyEncoder.encode(new int[] { 1 })).isEqualTo("~int[](~int:1)");
		assertThat(KeyEncoder.encode(new Object[] { "a" })).isEqualTo("~array(a)");
	}

	@Test
	void equalKeysShareAForm() {
		assertThat(KeyEncoder.encode(Set.of("a", "b", "c"))).isEqualTo(KeyEncoder.encode(new LinkedHashSet<>(List.of("c", "a", "b"))));
		assertThat(KeyEncoder.encode(Map.of("a", 1, "b", 2))).isEqualTo(KeyEncoder.encode(new TreeMap<>(Map.of("b", 2, "a", 1))));
		assertThat(KeyEncoder.encode(new ArrayList<>(List.of(1, 2)))).isEqualTo(KeyEncoder.encode(List.of(1, 2)));
		assertThat(KeyEncoder.encode(new SimpleKey(new int[] { 1, 2 }, "x")))
			.isEqualTo(KeyEncoder.encode(new SimpleKey(new int[] { 1, 2 }, "x")));
	}

	@Test
	void longFormsAreHashed() {
		String form = KeyEncoder.encode("k".repeat(KeyEncoder.MAX_FORM_LENGTH + 1));
		assertThat(form).startsWith("~sha256:").hasSize("~sha256:".length() + 43);
		assertThat(KeyEncoder.encode("k".repeat(KeyEncoder.MAX_FORM_LENGTH))).hasSize(KeyEncoder.MAX_FORM_LENGTH);
		assertThat(KeyEncoder.encode("k".repeat(KeyEncoder.MAX_FORM_LENGTH + 2))).startsWith("~sha256:").isNotEqualTo(form);
		assertThat(KeyEncoder.encode(form)).isNotEqualTo(form);
	}

	@Test
	void identityStringKeysAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoder.encode(new Object()))
			.withMessageContaining("no stable string form")
			.withMessageContaining("java.lang.Object does not override toString()");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoder.encode(new SimpleKey(1, new Object())))
			.withMessageContaining("java.lang.Object (a part of the key) does not override toString()");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoder.encode(new Hidden(new Object())))
			.withMessageContaining("(a part of the key)");
	}

	@Test
	void selfContainingKeysAreRejected() {
		List<Object> loop = new ArrayList<>();
		loop.add(loop);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoder.encode(loop))
			.withMessageContaining("nests deeper than " + KeyEncoder.MAX_DEPTH);
	}

	@Test
	void stringThatLooksLikeAnIdentityStringIsStillAString() {
		assertThat(KeyEncoder.encode("java.lang.Object@1b6d3586")).isEqualTo("java.lang.Object@1b6d3586");
	}

	/**
	 * Generated keys built to collide: strings full of separators, escapes and tags,
	 * numbers of every type with equal digits, nulls, nested keys and lists. Every pair of
	 * unequal keys has distinct forms.
	 */
	@Test
	void generatedUnequalKeysNeverShareAForm() {
		SplittableRandom random = new SplittableRandom(20261129L);
		Map<String, Object> byForm = new HashMap<>();
		int pairs = 0;
		long started = System.nanoTime();
		while (pairs < 100_000) {
			Object a = topLevelKey(random);
			Object b = mutate(a, random);
			String formA = KeyEncoder.encode(a);
			String formB = KeyEncoder.encode(b);
			checkOneKeyPerForm(byForm, formA, a);
			checkOneKeyPerForm(byForm, formB, b);
			if (!deepEquals(a, b)) {
				if (formA.equals(formB)) {
					fail("%s and %s share the form %s", a, b, formA);
				}
				pairs++;
			}
		}
		System.out.printf("KeyEncoderTests: %,d unequal pairs, %,d distinct keys in %d ms%n", pairs, byForm.size(),
				(System.nanoTime() - started) / 1_000_000);
		assertThat(byForm.size()).isGreaterThan(20_000);
	}

	private static void checkOneKeyPerForm(Map<String, Object> byForm, String form, Object key) {
		Object previous = byForm.putIfAbsent(form, key);
		if (previous != null && !deepEquals(previous, key)) {
			fail("%s and %s share the form %s", previous, key, form);
		}
	}

	private static final String[] ATOMS = { "", "a", "b", ",", ", ", "(", ")", "~", "\\", "\\,", "~long:1", "~str:",
			"~null", "null", "[a, b]", "SimpleKey [a]", "~\"\"", "1", "1.0", "\\u0041", "\uD800", "\uDC00", "x, y",
			"acme", "~sha256:", ":", "true" };

	private static Object topLevelKey(SplittableRandom random) {
		Object key = randomKey(random, 0);
		return (key != null) ? key : "";
	}

	private static Object randomKey(SplittableRandom random, int depth) {
		int kind = random.nextInt(depth < 3 ? 12 : 9);
		return switch (kind) {
			case 0, 1, 2 -> randomString(random);
			case 3 -> (long) random.nextInt(-3, 4);
			case 4 -> random.nextInt(-3, 4);
			case 5 -> switch (random.nextInt(7)) {
				case 0 -> (short) random.nextInt(-3, 4);
				case 1 -> (byte) random.nextInt(-3, 4);
				case 2 -> BigInteger.valueOf(random.nextInt(-3, 4));
				case 3 -> BigDecimal.valueOf(random.nextInt(-30, 40), random.nextInt(0, 3));
				case 4 -> (double) random.nextInt(-3, 4);
				case 5 -> (float) random.nextInt(-3, 4);
				default -> random.nextBoolean();
			};
			case 6 -> "a,(~\\1".charAt(random.nextInt(6));
			case 7 -> Color.values()[random.nextInt(2)];
			case 8 -> random.nextInt(4) == 0 ? null : randomTime(random);
			case 9 -> simpleKey(random, depth);
			case 10 -> randomElements(random, depth);
			default -> new LinkedHashSet<>(randomElements(random, depth));
		};
	}

	/**
	 * A {@code SimpleKey}, sometimes with an array parameter: arrays appear only there
	 * (and in keys regrouped from one), where equality compares them by content.
	 */
	private static SimpleKey simpleKey(SplittableRandom random, int depth) {
		List<Object> params = randomElements(random, depth);
		for (int i = 0; i < params.size(); i++) {
			if (random.nextInt(5) == 0) {
				params.set(i, random.nextBoolean() ? randomElements(random, depth + 1).toArray()
						: new int[] { random.nextInt(3) });
			}
		}
		return new SimpleKey(params.toArray());
	}

	private static Object randomTime(SplittableRandom random) {
		return switch (random.nextInt(5)) {
			case 0 -> LocalDate.of(2024, 1, 1 + random.nextInt(3));
			case 1 -> LocalTime.of(10, random.nextInt(3));
			case 2 -> Instant.ofEpochSecond(random.nextInt(3));
			case 3 -> Duration.ofSeconds(random.nextInt(3));
			default -> ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(random.nextInt(2)));
		};
	}

	private static List<Object> randomElements(SplittableRandom random, int depth) {
		int size = random.nextInt(4);
		List<Object> elements = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			elements.add(randomKey(random, depth + 1));
		}
		return elements;
	}

	private static String randomString(SplittableRandom random) {
		StringBuilder text = new StringBuilder();
		int atoms = random.nextInt(4);
		for (int i = 0; i < atoms; i++) {
			text.append(ATOMS[random.nextInt(ATOMS.length)]);
		}
		return text.toString();
	}

	/** A key close to {@code key}: its string form, a neighbour, or a regrouping of its parts. */
	private static Object mutate(Object key, SplittableRandom random) {
		return switch (random.nextInt(5)) {
			case 0 -> String.valueOf(key);
			case 1 -> (key instanceof SimpleKey) ? regroup(key.toString(), random) : topLevelKey(random);
			case 2 -> (key instanceof String string) ? string + ATOMS[random.nextInt(ATOMS.length)] : List.of(key);
			case 3 -> new SimpleKey(key, ATOMS[random.nextInt(ATOMS.length)]);
			default -> topLevelKey(random);
		};
	}

	/** A {@code SimpleKey} of strings, split at other commas than the original. */
	private static Object regroup(String printed, SplittableRandom random) {
		String inner = printed.substring("SimpleKey [".length(), printed.length() - 1);
		String[] parts = inner.split(", ", -1);
		List<String> regrouped = new ArrayList<>();
		StringBuilder current = new StringBuilder(parts[0]);
		for (int i = 1; i < parts.length; i++) {
			if (random.nextBoolean()) {
				regrouped.add(current.toString());
				current = new StringBuilder(parts[i]);
			}
			else {
				current.append(", ").append(parts[i]);
			}
		}
		regrouped.add(current.toString());
		return new SimpleKey(regrouped.toArray());
	}

	private static boolean deepEquals(Object a, Object b) {
		return Arrays.deepEquals(new Object[] { a }, new Object[] { b });
	}

}
