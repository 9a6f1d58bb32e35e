package io.polycache.core.trusted;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A value of the kind applications cache: a record with nested collections and JDK value types. */
public record Product(long id, String name, BigDecimal price, Instant updated, List<String> tags)
		implements Serializable {
}
