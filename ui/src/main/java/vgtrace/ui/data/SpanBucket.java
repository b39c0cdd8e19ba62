package vgtrace.ui.data;

/**
 * The fence spans (submit to signal) of one lane that start in one pixel column: they are drawn as one
 * bar from {@code startColumn} to the latest {@code endColumn}. Columns are clamped to the view, so a
 * span that began before the window starts at column 0.
 *
 * @param longestNs    the longest submit-to-signal time among them
 * @param unsignalled  how many never signalled (they run to the end of the trace)
 * @param errors       how many were answered with an error
 */
public record SpanBucket(int lane, int startColumn, int endColumn, long count, long longestNs, long unsignalled,
                         long errors) {
}
