package io.polycache.spi;

/**
 * A store that keeps bytes under string keys: what a store shared between processes (a
 * server, a directory) implements. Its keys come from the cache's
 * {@link KeyNamespace}, its values from the cache's serializer, so two processes reading
 * the same store agree on both.
 * <p>The bytes a store returns are whatever it was given, or whatever another process or
 * an attacker wrote: Polycache treats them as hostile and bounds its work on them.
 */
public interface ByteStore extends CacheStore<String, byte[]> {

}
