package vgtrace.core.trace;

import vgtrace.core.protocol.*;

/**
 * Fills the trace's decoded columns ({@link MessageFields}) from a decoded message. Fields with no
 * column of their own (gallium target and bind, hot spot, debug name, ...) stay in the payload.
 * SET_SCANOUT_BLOB's rect fills x/y/width/height and its plane 0 fills stride/offset;
 * RESP_OK_CAPSET_INFO's max version and max size fill capset_version and size. Cursor commands put
 * their position in x/y.
 */
public final class MessageFieldMapper {

    private MessageFieldMapper() {
    }

    public static MessageFields of(GpuMessage m) {
        MessageFields.Builder f = MessageFields.builder();
        switch (m) {
            case GetDisplayInfo _, CtxDestroy _, OkNodata _, ErrorResponse _, OkDisplayInfo _, OkResourceUuid _,
                 GetCapsetInfo _, RawMessage _ -> { }
            case ResourceCreate2d c -> f.resourceId(c.resourceId()).format(c.format()).width(c.width())
                    .height(c.height());
            case ResourceUnref c -> f.resourceId(c.resourceId());
            case ResourceDetachBacking c -> f.resourceId(c.resourceId());
            case ResourceAssignUuid c -> f.resourceId(c.resourceId());
            case ResourceUnmapBlob c -> f.resourceId(c.resourceId());
            case CtxAttachResource c -> f.resourceId(c.resourceId());
            case CtxDetachResource c -> f.resourceId(c.resourceId());
            case SetScanout c -> rect(f, c.r()).scanoutId(c.scanoutId()).resourceId(c.resourceId());
            case ResourceFlush c -> rect(f, c.r()).resourceId(c.resourceId());
            case TransferToHost2d c -> rect(f, c.r()).offset(c.offset()).resourceId(c.resourceId());
            case ResourceAttachBacking c -> f.resourceId(c.resourceId()).nrEntries(c.nrEntries());
            case GetCapset c -> f.capsetId(c.capsetId()).capsetVersion(c.capsetVersion());
            case GetEdid c -> f.scanoutId(c.scanout());
            case ResourceCreateBlob c -> f.resourceId(c.resourceId()).blobMem(c.blobMem()).blobFlags(c.blobFlags())
                    .nrEntries(c.nrEntries()).blobId(c.blobId()).size(c.size());
            case SetScanoutBlob c -> rect(f, c.r()).scanoutId(c.scanoutId()).resourceId(c.resourceId())
                    .format(c.format()).stride(c.strides()[0]).offset(Integer.toUnsignedLong(c.offsets()[0]));
            case CtxCreate c -> f.contextInit(c.contextInit()).capsetId(c.capsetId());
            case ResourceCreate3d c -> f.resourceId(c.resourceId()).format(c.format()).width(c.width())
                    .height(c.height()).depth(c.depth());
            case TransferToHost3d c -> transfer3d(f, c.resourceId(), c.box(), c.offset(), c.level(), c.stride());
            case TransferFromHost3d c -> transfer3d(f, c.resourceId(), c.box(), c.offset(), c.level(), c.stride());
            case Submit3d c -> f.size(Integer.toUnsignedLong(c.size()));
            case ResourceMapBlob c -> f.resourceId(c.resourceId()).offset(c.offset());
            case UpdateCursor c -> f.scanoutId(c.pos().scanoutId()).position(c.pos().x(), c.pos().y())
                    .resourceId(c.resourceId());
            case MoveCursor c -> f.scanoutId(c.pos().scanoutId()).position(c.pos().x(), c.pos().y());
            case OkCapsetInfo r -> f.capsetId(r.capsetId()).capsetVersion(r.capsetMaxVersion())
                    .size(Integer.toUnsignedLong(r.capsetMaxSize()));
            case OkCapset r -> f.size(r.data().length);
            case OkEdid r -> f.size(Integer.toUnsignedLong(r.size()));
            case OkMapInfo r -> f.mapInfo(r.mapInfo());
        }
        return f.build();
    }

    private static MessageFields.Builder rect(MessageFields.Builder f, Rect r) {
        return f.rect(r.x(), r.y(), r.width(), r.height());
    }

    private static MessageFields.Builder transfer3d(MessageFields.Builder f, int resourceId, Box b, long offset,
                                                    int level, int stride) {
        return f.resourceId(resourceId).box(b.x(), b.y(), b.z(), b.w(), b.h(), b.d()).offset(offset).level(level)
                .stride(stride);
    }
}
