package vgtrace.ui.data;

/**
 * The commands of one lane that fall in one pixel column: how many, the most frequent type (its raw
 * code, which picks the colour) and how many of them failed.
 */
public record TickBucket(int lane, int column, long count, int dominantType, long errors) {
}
