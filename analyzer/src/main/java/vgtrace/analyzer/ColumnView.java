package vgtrace.analyzer;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A column of the batch just loaded, copied into Java arrays with one bulk copy per buffer. A pass
 * over millions of rows through the vectors' own getters spent most of its time in Arrow's checked
 * access (each value checks the buffer's reference count), and through byte-buffer views still
 * more than in its own work; plain arrays are what the JIT makes fast. {@link #load} after each batch.
 */
sealed abstract class ColumnView permits ColumnView.Fixed, ColumnView.Text {

    private byte[] validity = new byte[0];
    private boolean allNull;

    /** Copies {@code vector}'s values for its {@code rows} rows; a null vector (a column the batch leaves out) is all null. */
    void load(FieldVector vector, int rows) {
        allNull = vector == null || vector.getNullCount() == rows;
        if (allNull) return; // its buffers may be empty
        int bytes = (rows + 7) >>> 3;
        if (validity.length < bytes) validity = new byte[bytes];
        vector.getValidityBuffer().getBytes(0, validity, 0, bytes);
        loadValues(vector, rows);
    }

    abstract void loadValues(FieldVector vector, int rows);

    boolean isNull(int i) {
        return allNull || (validity[i >>> 3] >> (i & 7) & 1) == 0;
    }

    static ByteBuffer view(ArrowBuf buffer, long bytes) {
        return buffer.nioBuffer(0, Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An integer column of 1, 2, 4 or 8 bytes a value, read as long. */
    static final class Fixed extends ColumnView {
        private long[] values = new long[0];
        private int[] ints = new int[0];
        private short[] shorts = new short[0];
        private byte[] bytes = new byte[0];

        @Override
        void loadValues(FieldVector vector, int rows) {
            if (values.length < rows) values = new long[rows];
            int width = ((BaseFixedWidthVector) vector).getTypeWidth();
            ByteBuffer data = view(vector.getDataBuffer(), (long) rows * width);
            switch (width) {
                case 8 -> data.asLongBuffer().get(values, 0, rows);
                case 4 -> {
                    if (ints.length < rows) ints = new int[rows];
                    data.asIntBuffer().get(ints, 0, rows);
                    for (int i = 0; i < rows; i++) values[i] = ints[i];
                }
                case 2 -> {
                    if (shorts.length < rows) shorts = new short[rows];
                    data.asShortBuffer().get(shorts, 0, rows);
                    for (int i = 0; i < rows; i++) values[i] = shorts[i];
                }
                default -> {
                    if (bytes.length < rows) bytes = new byte[rows];
                    data.get(0, bytes, 0, rows);
                    for (int i = 0; i < rows; i++) values[i] = bytes[i];
                }
            }
        }

        /** Row {@code i}'s value (sign-extended); only where {@link #isNull} is false. */
        long get(int i) {
            return values[i];
        }
    }

    /** A UTF-8 column, compared with names. */
    static final class Text extends ColumnView {
        private int[] offsets = new int[0];
        private byte[] data = new byte[0];

        @Override
        void loadValues(FieldVector vector, int rows) {
            BaseVariableWidthVector text = (BaseVariableWidthVector) vector;
            if (offsets.length < rows + 1) offsets = new int[rows + 1];
            view(text.getOffsetBuffer(), (rows + 1L) * BaseVariableWidthVector.OFFSET_WIDTH).asIntBuffer().get(offsets, 0, rows + 1);
            int bytes = offsets[rows];
            if (data.length < bytes) data = new byte[bytes];
            text.getDataBuffer().getBytes(0, data, 0, bytes);
        }

        /** Row {@code i} holds exactly {@code name}. */
        boolean is(int i, byte[] name) {
            if (isNull(i)) return false;
            int start = offsets[i];
            return offsets[i + 1] - start == name.length
                    && Arrays.equals(data, start, start + name.length, name, 0, name.length);
        }
    }
}
