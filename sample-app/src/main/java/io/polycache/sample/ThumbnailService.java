package io.polycache.sample;

import java.io.Serializable;
import java.util.SplittableRandom;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Renders image thumbnails, slow as image processing is; cached in {@code thumbnails}, a
 * file-system cache, so a thumbnail rendered once survives a restart of the application.
 */
@Service
class ThumbnailService {

	private final LoadTimes loadTimes;

	ThumbnailService(LoadTimes loadTimes) {
		this.loadTimes = loadTimes;
	}

	/** Renders a square thumbnail of the image, taking about 500 ms when it is not cached. */
	@Cacheable("thumbnails")
	public Thumbnail thumbnail(long imageId, int width) {
		return this.loadTimes.time("thumbnails", () -> {
			Latency.simulate(500);
			byte[] pixels = new byte[width * width];
			new SplittableRandom(imageId).nextBytes(pixels);
			return new Thumbnail(imageId, width, pixels);
		});
	}

	/** A rendered thumbnail: one grey byte per pixel. Serializable, as a file-system cache stores bytes. */
	record Thumbnail(long imageId, int width, byte[] pixels) implements Serializable {

		/** What an endpoint shows of it. */
		Summary summary() {
			return new Summary(this.imageId, this.width, this.pixels.length);
		}

	}

	/** A thumbnail without its pixels. */
	record Summary(long imageId, int width, int bytes) {
	}

}
