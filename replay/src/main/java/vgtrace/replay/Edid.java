package vgtrace.replay;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.Rect;

import java.nio.charset.StandardCharsets;

/**
 * A minimal EDID 1.4 base block for an offscreen monitor of a given preferred size: header, a
 * vendor id, one detailed timing descriptor and a name. Real VMMs write their own (QEMU's names
 * "QEMU Monitor"), which is why replay treats EDID contents as volatile.
 */
public final class Edid {

    private static final int BLOCK = 128;

    private Edid() {
    }

    /** A RESP_OK_EDID with this header carrying the block for an output of {@code output}'s size. */
    public static OkEdid response(CtrlHeader header, Rect output) {
        byte[] data = new byte[OkEdid.EDID_BYTES];
        System.arraycopy(block(output.width(), output.height()), 0, data, 0, BLOCK);
        return new OkEdid(header, BLOCK, 0, data);
    }

    private static byte[] block(int width, int height) {
        byte[] e = new byte[BLOCK];
        byte[] header = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        System.arraycopy(header, 0, e, 0, header.length);
        e[8] = 0x59; // vendor "VGT" packed in 5-bit letters
        e[9] = (byte) 0xd4;
        e[18] = 1; // EDID 1.4
        e[19] = 4;
        e[20] = (byte) 0xa5; // digital input, 8 bits per colour
        timing(e, 54, width, height);
        byte[] name = "vgtrace\n     ".getBytes(StandardCharsets.US_ASCII);
        e[72 + 3] = (byte) 0xfc; // display name descriptor
        System.arraycopy(name, 0, e, 72 + 5, 13);
        int sum = 0;
        for (int i = 0; i < BLOCK - 1; i++) sum += e[i] & 0xff;
        e[BLOCK - 1] = (byte) (-sum & 0xff);
        return e;
    }

    /** A detailed timing descriptor: 60 Hz with small fixed blanking. */
    private static void timing(byte[] e, int at, int width, int height) {
        int hBlank = 160;
        int vBlank = 30;
        int clock10kHz = (int) ((long) (width + hBlank) * (height + vBlank) * 60 / 10_000);
        e[at] = (byte) clock10kHz;
        e[at + 1] = (byte) (clock10kHz >> 8);
        e[at + 2] = (byte) width;
        e[at + 3] = (byte) hBlank;
        e[at + 4] = (byte) (((width >> 8) & 0xf) << 4 | ((hBlank >> 8) & 0xf));
        e[at + 5] = (byte) height;
        e[at + 6] = (byte) vBlank;
        e[at + 7] = (byte) (((height >> 8) & 0xf) << 4 | ((vBlank >> 8) & 0xf));
    }
}
