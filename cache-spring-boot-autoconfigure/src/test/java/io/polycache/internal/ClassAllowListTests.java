package io.polycache.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What the allow-list admits beyond the JDK's value types, and what it never admits. */
class ClassAllowListTests {

	private final ClassAllowList allowList = ClassAllowList.of(List.of("com.example"));

	@Test
	void oneCharacterClassNamesAreRefused() {
		assertThat(this.allowList.isAllowed("a")).isFalse();
		assertThat(this.allowList.isAllowed("I")).isFalse();
		assertThat(this.allowList.isAllowed("[La;")).isFalse();
		assertThat(this.allowList.isAllowed("[[LJ;")).isFalse();
	}

	@Test
	void onlyRealPrimitiveCodesPassInArrays() {
		for (String code : List.of("Z", "B", "C", "S", "I", "J", "F", "D")) {
			assertThat(this.allowList.isAllowed("[" + code)).as(code).isTrue();
			assertThat(this.allowList.isAllowed("[[" + code)).as(code).isTrue();
		}
		assertThat(this.allowList.isAllowed("[V")).isFalse();
		assertThat(this.allowList.isAllowed("[X")).isFalse();
		assertThat(this.allowList.isAllowed("[L")).isFalse();
	}

	@Test
	void defaultPackageClassesAreRefused() {
		assertThat(this.allowList.isAllowed("Gadget")).isFalse();
		assertThat(this.allowList.isAllowed("[LGadget;")).isFalse();
		assertThat(this.allowList.isAllowed(".Gadget")).isFalse();
	}

	@Test
	void packagesOfOneSegmentAreTooBroad() {
		assertThat(ClassAllowList.isTooBroad("com")).isTrue();
		assertThat(ClassAllowList.isTooBroad("org.")).isTrue();
		assertThat(ClassAllowList.isTooBroad("acme")).isTrue();
		assertThat(ClassAllowList.isTooBroad("")).isTrue();
		assertThat(ClassAllowList.isTooBroad("com.example")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> ClassAllowList.of(List.of("com")))
			.withMessageContaining("'com'")
			.withMessageContaining("too broad");
	}

	@Test
	void applicationPackagesAndTheirArraysPass() {
		assertThat(this.allowList.isAllowed("com.example.Order")).isTrue();
		assertThat(this.allowList.isAllowed("[Lcom.example.Order;")).isTrue();
		assertThat(this.allowList.isAllowed("com.sun.rowset.JdbcRowSetImpl")).isFalse();
		assertThat(ClassAllowList.of(List.of(" ", "com.example.")).packages()).containsExactly("com.example");
	}

}
