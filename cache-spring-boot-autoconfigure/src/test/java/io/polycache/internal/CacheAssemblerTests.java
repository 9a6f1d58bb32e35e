package io.polycache.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.none.NoneStore;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;
import io.polycache.testfixtures.MapProvider;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What the one assembly path applies by trait, whatever the backend. */
class CacheAssemblerTests {

	private final ExpirySweeper sweeper = TestAssembly.idleSweeper();

	private final CacheAssembler assembler = TestAssembly.assembler(Clock.systemUTC(),
			(settings) -> TestAssembly.jdkCodec(), Map.of(), this.sweeper, Runnable::run);

	@Test
	void aStoreThatCanFailIsFailOpenUnlessTheCacheSaysOtherwise() {
		assertThat(this.assembler.assemble(CacheSettings.defaults("a"), new MapProvider()).getNativeCache())
			.isInstanceOf(FailOpenStore.class);
		assertThat(this.assembler.assemble(CacheSettings.builder("b").failOpen(false).build(), new MapProvider())
			.getNativeCache()).isNotInstanceOf(FailOpenStore.class);
	}

	@Test
	void aProviderThatSaysItKeepsBytesButOpensObjectsIsRefusedAndItsStoreClosed() {
		AtomicBoolean closed = new AtomicBoolean();
		BackendProvider liar = new BackendProvider() {

			@Override
			public String type() {
				return "liar";
			}

			@Override
			public BackendTraits traits() {
				return new BackendTraits(true, false, null, false, false, false, false);
			}

			@Override
			public OpenedStore<Object, Object> open(StoreContext context) {
				return OpenedStore.objects(new NoneStore<>() {

					@Override
					public void close() {
						closed.set(true);
					}

				});
			}

		};
		assertThatIllegalStateException().isThrownBy(() -> this.assembler.assemble(CacheSettings.defaults("c"), liar))
			.withMessageContaining("declares that it keeps bytes");
		assertThat(closed).isTrue();
	}

}
