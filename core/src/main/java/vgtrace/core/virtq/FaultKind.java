package vgtrace.core.virtq;

/** Why a descriptor chain was refused. Each is a driver bug or a hostile guest, never ours. */
public enum FaultKind {
    /** A descriptor was reached twice: the chain would never end. */
    LOOP,
    /** A buffer or indirect table is not wholly inside one guest memory region. */
    OUT_OF_MEMORY_RANGE,
    /** A head or {@code next} index outside the descriptor table (or indirect table). */
    BAD_INDEX,
    /** More descriptors than {@link ChainWalker.Limits#maxChainLength()}. */
    CHAIN_TOO_LONG,
    /** The buffers add up to more than {@link ChainWalker.Limits#maxTotalBytes()}. */
    TOO_MANY_BYTES,
    /** An indirect table holds a descriptor that is itself indirect. */
    NESTED_INDIRECT,
    /** An indirect table whose length is zero, not a multiple of 16, or above the limit. */
    BAD_INDIRECT_SIZE,
    /** An indirect descriptor that also has NEXT: the spec wants it last, and devices disagree on what follows. */
    INDIRECT_WITH_NEXT,
    /** A readable buffer after a writable one (the spec puts all readable buffers first). */
    WRITE_BEFORE_READ
}
