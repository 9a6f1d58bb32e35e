package io.polycache.testfixtures;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.cache.interceptor.SimpleKey;

import io.polycache.spi.ValueCodec;

/**
 * Stored bytes an attacker who can write to a shared store might plant, made only of
 * classes every allow-list admits, framed as the serializing {@link ValueCodec} frames a
 * value (a format tag byte, then the serializer's bytes).
 */
public final class HostilePayloads {

	/** The codec's tag for a serialized value. */
	private static final byte VALUE_TAG = 1;

	private HostilePayloads() {
	}

	/** Every JDK-serialized payload, by name: levels chosen so the old code takes seconds or fails. */
	public static Map<String, byte[]> jdk() {
		Map<String, byte[]> payloads = new LinkedHashMap<>();
		payloads.put("nested HashSet graph", nestedSets(26));
		payloads.put("long[0x7ffffff0]", hugeLongArray());
		payloads.put("8,000 nested ArrayLists", nestedLists(8_000));
		payloads.put("SimpleKey over shared arrays", sharedArraysInKey(60));
		payloads.put("Set.of lists sharing one heavy list", immutableSetOfHeavyLists(18, 1_600));
		return payloads;
	}

	/** Every JSON payload, by name. */
	public static Map<String, byte[]> json() {
		Map<String, byte[]> payloads = new LinkedHashMap<>();
		payloads.put("JSON 10,000 nested lists", jsonNestedArrays(10_000));
		payloads.put("JSON 10,000 nested maps", jsonNestedObjects(10_000));
		payloads.put("JSON 100,000-digit number", json("{\"value\":[\"java.math.BigInteger\"," + "9".repeat(100_000) + "]}"));
		return payloads;
	}

	/**
	 * "SerialDOS": sets nested {@code levels} deep where each level holds two sets that both
	 * hold the next level's two, so hashing the root visits 2^levels sets.
	 */
	public static byte[] nestedSets(int levels) {
		Set<Object> root = new HashSet<>();
		nest(root, levels);
		return framed(serialize(root));
	}

	/**
	 * Gives {@code root} {@code levels} levels below it, each of two sets that both hold
	 * the next level's two; each set is added while empty, so building costs nothing.
	 */
	private static void nest(Set<Object> root, int levels) {
		Set<Object> s1 = root;
		Set<Object> s2 = new HashSet<>();
		for (int i = 0; i < levels; i++) {
			Set<Object> t1 = new HashSet<>();
			Set<Object> t2 = new HashSet<>();
			t1.add("foo");
			s1.add(t1);
			s1.add(t2);
			s2.add(t1);
			s2.add(t2);
			s1 = t1;
			s2 = t2;
		}
	}

	/**
	 * {@code count} small sets that each hold the same set of {@code levels} nested levels:
	 * every one of them hashes that shared set while it is read.
	 */
	public static byte[] setsSharingHeavySet(int levels, int count) {
		Set<Object> heavy = new HashSet<>();
		List<Object> root = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			// Added while the shared set is empty, so building the payload costs nothing.
			root.add(new HashSet<>(List.of(heavy, i)));
		}
		nest(heavy, levels);
		return framed(serialize(root));
	}

	/**
	 * A {@code SimpleKey} whose one parameter is an array holding the same array twice,
	 * {@code levels} deep: reading it back runs {@code Arrays.deepHashCode}, which visits
	 * 2^levels arrays. Found by review: arrays once counted as one object each.
	 */
	public static byte[] sharedArraysInKey(int levels) {
		Object[] top = new Object[2];
		// Hashed by the constructor while still empty, so building the payload costs nothing.
		SimpleKey key = new SimpleKey((Object) top);
		Object[] current = top;
		for (int i = 0; i < levels; i++) {
			Object[] next = new Object[2];
			current[0] = next;
			current[1] = next;
			current = next;
		}
		return framed(serialize(key));
	}

	/**
	 * An immutable set ({@code Set.of}, read back through {@code CollSer}, whose
	 * {@code readResolve} hashes every element at once) of {@code count} lists, each holding
	 * its number and one shared list of lists nested {@code levels} deep, so each element
	 * alone stays within the expansion limit. Found by review: 52 KB took 3.8 s.
	 */
	public static byte[] immutableSetOfHeavyLists(int levels, int count) {
		List<Object> heavy = new ArrayList<>();
		Object[] elements = new Object[count];
		for (int i = 0; i < count; i++) {
			elements[i] = new ArrayList<>(List.of(i, heavy));
		}
		// Hashed by Set.of while the shared list is still empty.
		Set<Object> set = Set.of(elements);
		List<Object> current = heavy;
		for (int i = 0; i < levels; i++) {
			List<Object> next = new ArrayList<>();
			current.add(next);
			current.add(next);
			current = next;
		}
		return framed(serialize(set));
	}

	/** An array header claiming 0x7ffffff0 longs, with none following: a few dozen bytes. */
	public static byte[] hugeLongArray() {
		byte[] bytes = serialize(new long[0]);
		ByteBuffer.wrap(bytes).putInt(bytes.length - 4, 0x7ffffff0);
		return framed(bytes);
	}

	/** A list holding a list holding a list, {@code depth} deep. */
	public static byte[] nestedLists(int depth) {
		AtomicReference<byte[]> result = new AtomicReference<>();
		// Writing recurses as deep as reading: give it a stack that fits.
		Thread writer = new Thread(null, () -> {
			List<Object> root = new ArrayList<>();
			List<Object> current = root;
			for (int i = 0; i < depth; i++) {
				List<Object> next = new ArrayList<>();
				current.add(next);
				current = next;
			}
			result.set(serialize(root));
		}, "nested-lists-writer", 512L * 1024 * 1024);
		writer.start();
		try {
			writer.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return framed(result.get());
	}

	/** A JSON envelope whose value is {@code depth} nested lists, each a typed array in an array. */
	public static byte[] jsonNestedArrays(int depth) {
		return json("{\"value\":" + "[\"java.util.ArrayList\",[".repeat(depth) + "]]".repeat(depth) + "}");
	}

	/** A JSON envelope whose value is {@code depth} nested maps, each a typed object in an array. */
	public static byte[] jsonNestedObjects(int depth) {
		return json("{\"value\":" + "[\"java.util.LinkedHashMap\",{\"a\":".repeat(depth) + "1" + "}]".repeat(depth) + "}");
	}

	private static byte[] json(String document) {
		return framed(document.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] serialize(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] framed(byte[] payload) {
		byte[] framed = new byte[payload.length + 1];
		framed[0] = VALUE_TAG;
		System.arraycopy(payload, 0, framed, 1, payload.length);
		return framed;
	}

}
