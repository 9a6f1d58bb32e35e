package io.polycache.local;

/**
 * A real policy with a hook: it delegates everything, and runs the hook when an insert that
 * evicts hands it the victim's place ({@link #replace}), before the delegate takes it. The
 * store then holds its lock, has published the new entry, and has not yet retired the
 * victim.
 */
final class ReplaceHookTestPolicy extends DelegatingTestPolicy {

	private final Runnable onReplace;

	ReplaceHookTestPolicy(Policy delegate, Runnable onReplace) {
		super(delegate);
		this.onReplace = onReplace;
	}

	@Override
	void replace(Node victim, Node node) {
		this.onReplace.run();
		super.replace(victim, node);
	}

}
