package vgtrace.capture.proxy;

/** A run of guest physical memory the device reads: {@code [gpa, gpa + length)}. */
record GuestRange(long gpa, long length) {
}
