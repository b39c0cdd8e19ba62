package vgtrace.core.bench;

/**
 * What a {@link DecoderFuzz} campaign saw. {@code unexpected} counts inputs on which the decoder
 * threw anything but {@code DecodeException}, or decoded a message that did not survive
 * encode-then-decode unchanged; {@code firstUnexpected} describes the first (null when none).
 */
public record FuzzResult(long inputs, long decoded, long rejected, long unexpected, String firstUnexpected) {
}
