package io.polycache.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

import com.sun.security.auth.module.UnixSystem;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a directory may hold cache files: only if no other local user can
 * change what is in it. Every directory Polycache uses or creates must be a real
 * directory (not a symbolic link), owned by the user the JVM runs as, and, where the
 * file system has POSIX permissions, writable by neither group nor others. Where it has
 * none (Windows), only the owner and the link are checked; ACLs are not inspected.
 * <p>Entries are opened through {@link #regularFile}, which refuses links, FIFOs and
 * devices without opening them, so a planted FIFO cannot block a reader.
 * <p>Stateless and thread-safe.
 */
final class DirectoryTrust {

	private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final LinkOption[] NO_FOLLOW = { LinkOption.NOFOLLOW_LINKS };

	/** The uid the JVM runs as, once known; a process keeps its uid. */
	private static volatile long currentUid = -1;

	private DirectoryTrust() {
	}

	/**
	 * Creates {@code directory} and its missing parents owner-only, then checks
	 * {@code root}, {@code directory} and every directory this call created.
	 * @throws UnsafeDirectoryException if one of them is not safe
	 */
	static void createTrusted(Path root, Path directory) throws IOException {
		for (Path created : FileLayout.createDirectories(directory)) {
			check(created);
		}
		check(root);
		check(directory);
	}

	/**
	 * Checks one directory, without following a link at its path.
	 * @throws UnsafeDirectoryException if it is a link, not a directory, another user's,
	 * or writable by group or others
	 */
	static void check(Path directory) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class, NO_FOLLOW);
		if (attributes.isSymbolicLink()) {
			throw new UnsafeDirectoryException(directory, "it is a symbolic link",
					"Point the property at the directory the link leads to, after checking that it is this "
							+ "user's and writable by nobody else, or at another directory.");
		}
		if (!attributes.isDirectory()) {
			throw new UnsafeDirectoryException(directory, "it is not a directory",
					"Remove it, or point the property at a directory.");
		}
		checkOwner(directory);
		if (POSIX) {
			Set<PosixFilePermission> permissions = Files.readAttributes(directory, PosixFileAttributes.class, NO_FOLLOW)
				.permissions();
			if (permissions.contains(PosixFilePermission.GROUP_WRITE)
					|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
				throw new UnsafeDirectoryException(directory,
						"it is writable by " + (permissions.contains(PosixFilePermission.OTHERS_WRITE) ? "others"
								: "its group") + " (" + PosixFilePermissions.toString(permissions)
								+ "), so another user could plant or replace cache files",
						"Run 'chmod go-w " + directory + "' (or 'chmod 700'), or point the property at a directory "
								+ "only this user can write.");
			}
		}
	}

	private static void checkOwner(Path directory) throws IOException {
		if (UNIX) {
			int owner = (Integer) Files.getAttribute(directory, "unix:uid", NO_FOLLOW);
			long self = currentUid();
			if (owner != self) {
				throw new UnsafeDirectoryException(directory,
						"it is owned by uid " + owner + ", not by uid " + self + " that this application runs as",
						"If the directory is meant for this application, have root run 'chown " + self + " "
								+ directory + "'; otherwise point the property at a directory this user owns.");
			}
			return;
		}
		UserPrincipal owner = Files.getOwner(directory, NO_FOLLOW);
		UserPrincipal self = directory.getFileSystem()
			.getUserPrincipalLookupService()
			.lookupPrincipalByName(System.getProperty("user.name"));
		if (!owner.equals(self)) {
			throw new UnsafeDirectoryException(directory,
					"it is owned by " + owner.getName() + ", not by " + self.getName(),
					"Make " + self.getName() + " its owner, or point the property at a directory this user owns.");
		}
	}

	/** The uid this process runs as. */
	private static long currentUid() throws IOException {
		long uid = currentUid;
		if (uid < 0) {
			try {
				uid = new UnixSystem().getUid();
			}
			catch (LinkageError ex) {
				// A runtime without the jdk.security.auth module: a file this process creates is its own.
				Path probe = Files.createTempFile("polycache-uid-", ".tmp");
				try {
					uid = (Integer) Files.getAttribute(probe, "unix:uid");
				}
				finally {
					Files.deleteIfExists(probe);
				}
			}
			currentUid = uid;
		}
		return uid;
	}

	/**
	 * Opens an entry file for reading or writing, without following a link and only if
	 * it is a regular file, which is checked before opening, since opening a FIFO blocks
	 * until another process opens its other end. Only a writer of this (checked)
	 * directory could swap the file between the check and the open.
	 * @return the open file, or {@code null} if something else is at the path
	 * @throws java.nio.file.NoSuchFileException if nothing is at the path
	 */
	static @Nullable FileChannel openRegular(Path file, OpenOption mode) throws IOException {
		if (!Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW).isRegularFile()) {
			return null;
		}
		return FileChannel.open(file, mode, LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Whether the path is a regular file, read without following a link: a link, FIFO,
	 * device or directory where an entry should be is not one, and must not be opened.
	 */
	static boolean regularFile(Path file) {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW).isRegularFile();
		}
		catch (IOException ex) {
			return false;
		}
	}

}
