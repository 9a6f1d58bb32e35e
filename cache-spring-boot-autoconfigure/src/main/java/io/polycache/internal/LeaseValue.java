package io.polycache.internal;

import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.LeaseStore;

/**
 * What a cluster lease ({@link LeaseStore}) holds: {@code h1:} and the holder's token while
 * a load runs, {@code f1:}, the token, {@code :} and a note once that load failed, so
 * the instances that waited for it fail too, or {@code n1:} and the token once that load
 * returned {@code null} and stored nothing, so they return {@code null} too. Anything else found at a lease key (written
 * by something other than Polycache) is {@linkplain #isForeign foreign}: it blocks no one
 * and may be replaced.
 * <p>Immutable and thread-safe.
 */
record LeaseValue(String token, @Nullable String failure, boolean empty) {

	private static final String HELD = "h1:";

	private static final String FAILED = "f1:";

	private static final String EMPTY = "n1:";

	/** Hex digits in a token: 128 random bits. */
	private static final int TOKEN_LENGTH = 32;

	/** The longest failure note kept, so a lease value stays within its store's bound. */
	private static final int MAX_NOTE_LENGTH = 300;

	/** A new token, unique with overwhelming probability across every instance. */
	static String newToken() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return String.format("%016x%016x", random.nextLong(), random.nextLong());
	}

	/** The value of a lease held by this token. */
	static String held(String token) {
		return HELD + token;
	}

	/** The value that tells the waiters of this token's load that it returned {@code null}, and nothing was stored. */
	static String empty(String token) {
		return EMPTY + token;
	}

	/** Whether a load holds the lease: neither a failure nor an empty load's note. */
	boolean held() {
		return this.failure == null && !this.empty;
	}

	/** The value that tells the waiters of this token's load that it failed, and why. */
	static String failed(String token, Throwable failure) {
		String note = failure.getClass().getName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
		return FAILED + token + ":" + printable(note);
	}

	/**
	 * Reads a lease value; {@code null} for one Polycache did not write. What a store
	 * returns may have been written by anyone: the note is cut to printable ASCII.
	 */
	static @Nullable LeaseValue parse(String value) {
		if (value.length() < 3 + TOKEN_LENGTH || !isToken(value, 3)) {
			return null;
		}
		if ((value.startsWith(HELD) || value.startsWith(EMPTY)) && value.length() == 3 + TOKEN_LENGTH) {
			return new LeaseValue(value.substring(3), null, value.startsWith(EMPTY));
		}
		if (value.startsWith(FAILED) && value.length() > 3 + TOKEN_LENGTH && value.charAt(3 + TOKEN_LENGTH) == ':') {
			return new LeaseValue(value.substring(3, 3 + TOKEN_LENGTH),
					printable(value.substring(4 + TOKEN_LENGTH)), false);
		}
		return null;
	}

	/** Whether a lease holding this value blocks nobody: it is not Polycache's. */
	static boolean isForeign(String value) {
		return parse(value) == null;
	}

	private static boolean isToken(String value, int from) {
		for (int i = from; i < from + TOKEN_LENGTH; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static String printable(String text) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_NOTE_LENGTH));
		for (int i = 0; i < text.length() && out.length() < MAX_NOTE_LENGTH; i++) {
			char c = text.charAt(i);
			out.append((c >= 0x20 && c < 0x7f) ? c : '?');
		}
		return out.toString();
	}

}
