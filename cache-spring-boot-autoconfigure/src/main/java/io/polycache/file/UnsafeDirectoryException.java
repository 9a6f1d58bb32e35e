package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A cache directory that another local user could change: a symbolic link, another
 * user's directory, or one writable by group or others. Opening a file-system store on
 * it fails with this exception, which says what is wrong and how to fix it.
 */
public final class UnsafeDirectoryException extends IOException {

	private final transient Path directory;

	private final String reason;

	private final String action;

	UnsafeDirectoryException(Path directory, String reason, String action) {
		super(directory + " is not safe for cache files: " + reason);
		this.directory = directory;
		this.reason = reason;
		this.action = action;
	}

	/** The directory that failed the check. */
	public Path getDirectory() {
		return this.directory;
	}

	/** What is wrong with it, such as "it is writable by others (rwxrwxrwx)". */
	public String getReason() {
		return this.reason;
	}

	/** How to make it safe, or what to choose instead. */
	public String getAction() {
		return this.action;
	}

}
