package io.polycache.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheRemovalListener;
import io.polycache.core.RemovalCause;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RemovalDispatcher} keeps delivering whatever a listener throws.
 */
class RemovalDispatcherTests {

	@Test
	void aListenerThatThrowsAnErrorDoesNotStopDelivery() throws Exception {
		List<Object> heard = new CopyOnWriteArrayList<>();
		CountDownLatch second = new CountDownLatch(1);
		CacheRemovalListener listener = (removal) -> {
			heard.add(removal.key());
			if ("first".equals(removal.key())) {
				// As a failed assertion, a stack overflow, or a checked exception thrown sneakily (Kotlin) would.
				throw new AssertionError("listener failed");
			}
			second.countDown();
		};
		RemovalDispatcher dispatcher = new RemovalDispatcher(List.of(listener), 16);
		try {
			CacheRemovals removals = dispatcher.forCache("c", CacheRemovals.KeyForm.asStored());
			assertThat(removals).isNotNull();
			removals.queue(RemovalCause.EXPLICIT, "first", null);
			removals.queue(RemovalCause.EXPLICIT, "second", null);
			assertThat(second.await(10, TimeUnit.SECONDS)).as("the second removal is delivered").isTrue();
			assertThat(heard).containsExactly("first", "second");
			assertThat(dispatcher.isRunning()).isTrue();
		}
		finally {
			dispatcher.close();
		}
	}


	@Test
	void removalsLeftUndeliveredByCloseAreCountedForTheirCache() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CacheRemovalListener stuck = (removal) -> {
			entered.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		RemovalDispatcher dispatcher = new RemovalDispatcher(List.of(stuck), 16);
		CacheRemovals removals = dispatcher.forCache("c", CacheRemovals.KeyForm.asStored());
		assertThat(removals).isNotNull();
		removals.queue(RemovalCause.EXPLICIT, "a", null);
		removals.queue(RemovalCause.EXPLICIT, "b", null);
		removals.queue(RemovalCause.EXPLICIT, "c", null);
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		dispatcher.close(java.time.Duration.ofMillis(50));
		assertThat(dispatcher.isRunning()).isFalse();
		assertThat(dispatcher.dropped()).isEqualTo(2);
		assertThat(removals.dropped()).as("the cache's cache.removals.dropped").isEqualTo(2);
	}

}
