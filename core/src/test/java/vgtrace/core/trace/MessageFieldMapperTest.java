package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.*;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MessageFieldMapperTest {

    @Test
    void create2dFillsResourceFormatAndSize() {
        MessageFields f = MessageFieldMapper.of(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), 3, 1,
                64, 32));
        assertEquals(MessageFields.builder().resourceId(3).format(1).width(64).height(32).build(), f);
    }

    @Test
    void blobFillsBlobColumns() {
        MessageFields f = MessageFieldMapper.of(ResourceCreateBlob.of(CtrlHeader.of(CtrlType.RESOURCE_CREATE_BLOB), 5,
                2, 1, 77, 1 << 20, List.of()));
        assertEquals(5, f.resourceId());
        assertEquals(2, f.blobMem());
        assertEquals(1, f.blobFlags());
        assertEquals(77L, f.blobId());
        assertEquals(1L << 20, f.size());
        assertEquals(0, f.nrEntries());
    }

    @Test
    void transfer3dFillsBoxAndSubmitItsSize() {
        MessageFields f = MessageFieldMapper.of(new TransferFromHost3d(CtrlHeader.of(CtrlType.TRANSFER_FROM_HOST_3D),
                new Box(1, 2, 3, 4, 5, 6), 64, 9, 1, 512, 0));
        assertEquals(MessageFields.builder().resourceId(9).box(1, 2, 3, 4, 5, 6).offset(64).level(1).stride(512)
                .build(), f);
        byte[] stream = new byte[12];
        assertEquals(12L, MessageFieldMapper.of(Submit3d.of(CtrlHeader.of(CtrlType.SUBMIT_3D), stream)).size());
    }

    @Test
    void unsignedSizesWidenWithoutSign() {
        MessageFields f = MessageFieldMapper.of(new OkCapsetInfo(CtrlHeader.of(CtrlType.RESP_OK_CAPSET_INFO), 4, 1, -1,
                0));
        assertEquals(0xffff_ffffL, f.size());
        assertEquals(4, f.capsetId());
    }

    @Test
    void headerOnlyMessagesHaveNoFields() {
        assertEquals(MessageFields.NONE, MessageFieldMapper.of(new OkNodata(CtrlHeader.of(CtrlType.RESP_OK_NODATA))));
    }
}
