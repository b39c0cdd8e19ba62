package vgtrace.core.virtq;

/** The outcome of walking one chain: the chain, or why it was refused. */
public sealed interface WalkResult permits WalkResult.Chain, WalkResult.Fault {

    int head();

    record Chain(DescriptorChain chain) implements WalkResult {
        @Override
        public int head() {
            return chain.head();
        }
    }

    /** @param detail one line naming the offending descriptor and values */
    record Fault(int head, FaultKind kind, String detail) implements WalkResult {
        @Override
        public String toString() {
            return "chain %d: %s: %s".formatted(head, kind, detail);
        }
    }
}
