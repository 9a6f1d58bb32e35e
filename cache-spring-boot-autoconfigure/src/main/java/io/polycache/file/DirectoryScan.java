package io.polycache.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a cache directory: its entry files, and the temporary files that writers which
 * crashed mid-write left behind. Touches nothing it does not recognise by name, so a
 * directory the user shares with other files stays safe.
 * <p>Stateless and thread-safe; the directory may change while it is listed, and a
 * listing is then a mix of before and after, which every caller tolerates.
 */
final class DirectoryScan {

	/** A temporary file this old belongs to a writer that died: none takes a minute. */
	static final Duration STALE_TEMP_AGE = Duration.ofMinutes(1);

	private DirectoryScan() {
	}

	/** Every entry file under the cache directory; an empty list if it does not exist. */
	static List<Path> entryFiles(Path directory) throws IOException {
		List<Path> entries = new ArrayList<>();
		for (Path fanOut : fanOuts(directory)) {
			try (DirectoryStream<Path> files = Files.newDirectoryStream(fanOut)) {
				for (Path file : files) {
					if (FileLayout.isEntryFile(file)) {
						entries.add(file);
					}
				}
			}
			catch (NoSuchFileException ex) {
				// Deleted while we listed: it holds nothing then.
			}
		}
		return entries;
	}

	/**
	 * Deletes temporary files older than {@link #STALE_TEMP_AGE}, by their modification
	 * time: younger ones may belong to a writer still at work in another process. These
	 * are the entries being written, in the fan-out directories, and the probes that
	 * opening a store writes and deletes, in the directory itself.
	 * @return how many were deleted
	 */
	static int deleteStaleTempFiles(Path directory) throws IOException {
		long staleBefore = System.currentTimeMillis() - STALE_TEMP_AGE.toMillis();
		int deleted = deleteStale(directory, FileLayout::isProbeFile, staleBefore);
		for (Path fanOut : fanOuts(directory)) {
			deleted += deleteStale(fanOut, FileLayout::isTempFile, staleBefore);
		}
		return deleted;
	}

	private static int deleteStale(Path directory, DirectoryStream.Filter<Path> filter, long staleBefore)
			throws IOException {
		int deleted = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, filter)) {
			for (Path file : files) {
				if (isOlderThan(file, staleBefore) && Files.deleteIfExists(file)) {
					deleted++;
				}
			}
		}
		catch (NoSuchFileException ex) {
			// Deleted while we listed: nothing left to clean.
		}
		return deleted;
	}

	private static boolean isOlderThan(Path file, long millis) {
		try {
			return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < millis;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static List<Path> fanOuts(Path directory) throws IOException {
		List<Path> fanOuts = new ArrayList<>();
		try (DirectoryStream<Path> children = Files.newDirectoryStream(directory,
				child -> FileLayout.isFanOut(child) && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS))) {
			children.forEach(fanOuts::add);
		}
		catch (NoSuchFileException ex) {
			// No directory, no entries.
		}
		return fanOuts;
	}

}
