package io.polycache.core;

/** Bytes that could not be written or read back as a value; a cache treats it as a miss. */
public class ValueSerializationException extends RuntimeException {

	private final boolean rejectedClass;

	public ValueSerializationException(String message, Throwable cause) {
		this(message, cause, false);
	}

	public ValueSerializationException(String message, Throwable cause, boolean rejectedClass) {
		super(message, cause);
		this.rejectedClass = rejectedClass;
	}

	/** Whether reading stopped because the bytes named a class outside the allow-list. */
	public boolean isRejectedClass() {
		return this.rejectedClass;
	}

}
