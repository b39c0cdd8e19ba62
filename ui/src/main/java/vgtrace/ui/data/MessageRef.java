package vgtrace.ui.data;

/** A trace row by its seq, with its time so that views can place it without another query. */
public record MessageRef(long seq, long tsNs) {
}
