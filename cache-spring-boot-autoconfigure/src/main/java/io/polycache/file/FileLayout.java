package io.polycache.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where one cache's files live. The cache owns {@code <root>/<segment>}, where the
 * segment is its name when that is a safe lower-case file name, and otherwise a cleaned
 * name plus a hash of the real one; so several caches can share one root and
 * {@code clear} touches only its own directory. Entries are fanned out into 256
 * subdirectories by the first byte of the key hash ({@code 3f/3f9a...e1.entry}), so a
 * directory holds about a 256th of the entries: under 4,000 for a million.
 * <p>Everything is created owner-only (directories {@code 700}, files {@code 600})
 * where the file system has POSIX permissions. Stateless and thread-safe.
 */
final class FileLayout {

	static final String CONTROL_FILE = "polycache.ctl";

	static final String ENTRY_SUFFIX = ".entry";

	static final String TEMP_SUFFIX = ".tmp";

	/** How the file starts that opening a store writes and deletes to prove the directory writable. */
	static final String PROBE_PREFIX = "probe-";

	private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");

	private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{32}\\.entry");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final HexFormat HEX = HexFormat.of();

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	});

	private final Path directory;

	private final Path[] fanOuts = new Path[256];

	FileLayout(Path root, String cacheName) {
		this.directory = root.resolve(segment(cacheName));
		for (int i = 0; i < this.fanOuts.length; i++) {
			this.fanOuts[i] = this.directory.resolve(HEX.toHexDigits((byte) i));
		}
	}

	/** The cache's own directory. */
	Path directory() {
		return this.directory;
	}

	Path controlFile() {
		return this.directory.resolve(CONTROL_FILE);
	}

	/**
	 * A store key's bytes: its UTF-16 code units, big-endian, copied one by one. Unlike a
	 * charset encoder this keeps unpaired surrogates, so no two strings share bytes.
	 */
	static byte[] keyBytes(String key) {
		byte[] bytes = new byte[key.length() * 2];
		for (int i = 0; i < key.length(); i++) {
			char unit = key.charAt(i);
			bytes[2 * i] = (byte) (unit >>> 8);
			bytes[2 * i + 1] = (byte) unit;
		}
		return bytes;
	}

	/**
	 * The store key {@link #keyBytes(String)} made these bytes from: two bytes per UTF-16
	 * unit, surrogates and all (an odd last byte is ignored).
	 */
	static String key(byte[] keyBytes) {
		char[] units = new char[keyBytes.length / 2];
		for (int i = 0; i < units.length; i++) {
			units[i] = (char) (((keyBytes[2 * i] & 0xff) << 8) | (keyBytes[2 * i + 1] & 0xff));
		}
		return new String(units);
	}

	/** The entry's id: the first 128 bits of the SHA-256 of its key bytes, in hex. */
	static String id(byte[] keyBytes) {
		return HEX.formatHex(SHA_256.get().digest(keyBytes), 0, 16);
	}

	Path entryFile(String id) {
		return fanOut(id).resolve(id + ENTRY_SUFFIX);
	}

	Path fanOut(String id) {
		return this.fanOuts[HexFormat.fromHexDigits(id, 0, 2)];
	}

	/** A fresh temporary file name beside the entry, so the move into place stays atomic. */
	Path tempFile(String id) {
		return fanOut(id).resolve(id + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
	}

	static boolean isFanOut(Path path) {
		return FAN_OUT.matcher(path.getFileName().toString()).matches();
	}

	static boolean isEntryFile(Path path) {
		return ENTRY_NAME.matcher(path.getFileName().toString()).matches();
	}

	static boolean isTempFile(Path path) {
		String name = path.getFileName().toString();
		return name.endsWith(TEMP_SUFFIX) && name.length() > 33 && ENTRY_NAME.matcher(name.substring(0, 32) + ENTRY_SUFFIX).matches();
	}

	/** Whether the file is a probe that opening a store left behind when it died. */
	static boolean isProbeFile(Path path) {
		String name = path.getFileName().toString();
		return name.startsWith(PROBE_PREFIX) && name.endsWith(TEMP_SUFFIX);
	}

	/** The entry id of an entry file's path. */
	static String idOf(Path entryFile) {
		return entryFile.getFileName().toString().substring(0, 32);
	}

	/**
	 * Creates the directory and any missing parents, each new one owner-only.
	 * @return the directories this call created, or found created by a concurrent
	 * creator when it tried, outermost first; empty if the directory existed
	 */
	static List<Path> createDirectories(Path directory) throws IOException {
		List<Path> created = new ArrayList<>();
		createDirectories(directory, created);
		return created;
	}

	private static void createDirectories(Path directory, List<Path> created) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Path parent = directory.toAbsolutePath().getParent();
		if (parent != null) {
			createDirectories(parent, created);
		}
		try {
			Files.createDirectory(directory, directoryAttributes());
		}
		catch (FileAlreadyExistsException ex) {
			if (!Files.isDirectory(directory)) {
				throw ex;
			}
			// Another thread or process created it first: what we wanted, if it is ours (the caller checks).
		}
		created.add(directory);
	}

	static FileAttribute<?>[] directoryAttributes() {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) }
				: new FileAttribute<?>[0];
	}

	static FileAttribute<?>[] fileAttributes() {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
	}

	/** The cache's directory name: the name itself when safe, else a cleaned name and a hash. */
	static String segment(String cacheName) {
		if (SAFE_NAME.matcher(cacheName).matches()) {
			return cacheName;
		}
		String cleaned = cacheName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
		if (cleaned.length() > 40) {
			cleaned = cleaned.substring(0, 40);
		}
		return cleaned.replaceFirst("^[._-]", "_") + "-" + id(keyBytes(cacheName)).substring(0, 8);
	}

}
