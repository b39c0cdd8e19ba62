package vgtrace.core.protocol;

/**
 * One virtio-gpu control or cursor queue message, as {@link GpuCodec} decodes it from its wire bytes.
 * Every record keeps every wire field, padding included, so that encoding restores the exact bytes.
 * A record's header type always names the record's own kind (the constructors check it).
 */
public sealed interface GpuMessage permits GpuCommand, GpuResponse, RawMessage {

    CtrlHeader header();
}
