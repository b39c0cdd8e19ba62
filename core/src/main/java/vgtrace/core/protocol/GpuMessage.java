package vgtrace.core.protocol;

/**
 * One virtio-gpu control or cursor queue message, as {@link GpuCodec} decodes it from its wire bytes.
 * Every record keeps every wire field, padding included, so that encoding restores the exact bytes.
 * A record's header type always names the record's own kind (the constructors check it). Records
 * holding arrays compare them by content; small fixed arrays are copied in and out, while the large
 * variable payloads (SUBMIT_3D stream, capset data, a raw body) are shared to avoid copying
 * megabytes: treat them as read-only.
 */
public sealed interface GpuMessage permits GpuCommand, GpuResponse, RawMessage {

    CtrlHeader header();
}
