package vgtrace.analyzer;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;

import java.nio.ByteBuffer;

/**
 * Fills a vector of a batch being built through byte-buffer views of its buffers, for the same
 * reason as {@link ColumnView}: Arrow's setters check every access, which cost a pass over millions
 * of rows more than the rest of its work. {@link #start} allocates the batch's rows, all null;
 * {@link #finish} sets the value count.
 */
abstract sealed class ColumnFill permits ColumnFill.Fixed, ColumnFill.Text {

    private ByteBuffer validity;

    final void markSet(int i) {
        validity.put(i >>> 3, (byte) (validity.get(i >>> 3) | 1 << (i & 7)));
    }

    final void startValidity(ArrowBuf buffer, int rows) {
        buffer.setZero(0, buffer.capacity());
        validity = ColumnView.view(buffer, (rows + 7) >>> 3);
    }

    /** An integer column of 4 or 8 bytes a value. */
    static final class Fixed extends ColumnFill {
        private final BaseFixedWidthVector vector;
        private ByteBuffer data;

        Fixed(BaseFixedWidthVector vector) {
            this.vector = vector;
        }

        void start(int rows) {
            vector.clear();
            vector.setInitialCapacity(rows);
            vector.allocateNew();
            startValidity(vector.getValidityBuffer(), rows);
            data = ColumnView.view(vector.getDataBuffer(), (long) rows * vector.getTypeWidth());
        }

        void set(int i, long value) {
            if (vector.getTypeWidth() == 8) data.putLong(i << 3, value);
            else data.putInt(i << 2, (int) value);
            markSet(i);
        }

        void finish(int rows) {
            vector.setValueCount(rows);
        }
    }

    /** A UTF-8 column whose values are a few short names. */
    static final class Text extends ColumnFill {
        private final BaseVariableWidthVector vector;
        private final int longest;
        private ByteBuffer offsets;
        private ByteBuffer data;
        private int end;
        private int next;

        Text(BaseVariableWidthVector vector, int longestName) {
            this.vector = vector;
            this.longest = longestName;
        }

        void start(int rows) {
            vector.clear();
            vector.setInitialCapacity(rows, longest);
            vector.allocateNew();
            startValidity(vector.getValidityBuffer(), rows);
            offsets = ColumnView.view(vector.getOffsetBuffer(), (rows + 1L) * BaseVariableWidthVector.OFFSET_WIDTH);
            data = ColumnView.view(vector.getDataBuffer(), (long) rows * longest);
            offsets.putInt(0, 0);
            end = 0;
            next = 0;
        }

        /** Sets row {@code i}; rows are set in increasing order, those skipped stay null and empty. */
        void set(int i, byte[] name) {
            closeUpTo(i);
            data.put(end, name);
            end += name.length;
            offsets.putInt((i + 1) << 2, end);
            markSet(i);
            next = i + 1;
        }

        void finish(int rows) {
            closeUpTo(rows);
            vector.setLastSet(rows - 1);
            vector.setValueCount(rows);
        }

        private void closeUpTo(int i) {
            for (; next < i; next++) offsets.putInt((next + 1) << 2, end);
        }
    }
}
