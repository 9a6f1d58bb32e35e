package io.polycache.spi;

/**
 * The leases of one cache's store and the keys they live under: a provider whose backend
 * {@linkplain BackendTraits#holdsLeases() holds leases} returns them with the store it
 * opens ({@link OpenedStore#leases()}).
 *
 * @param store where the leases live
 * @param keys how an application key becomes its lease key: never equal to any key of an
 * entry, such as {@link KeyNamespace#leaseKeys()}
 */
public record Leases(LeaseStore store, KeyMapper<String> keys) {

}
