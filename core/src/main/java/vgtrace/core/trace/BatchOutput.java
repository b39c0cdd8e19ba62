package vgtrace.core.trace;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * The Arrow IPC stream of a trace file as Arrow's stream writer lays it out (schema, batches with
 * compressed bodies, end-of-stream marker), but taking each batch from whichever root holds it, so
 * that one root can be written while another fills. Calls must not overlap.
 */
final class BatchOutput {

    private final WriteChannel out;
    private final CompressionCodec codec;

    BatchOutput(WritableByteChannel channel, CompressionCodec codec) {
        this.out = new WriteChannel(channel);
        this.codec = codec;
    }

    void start(Schema schema) throws IOException {
        MessageSerializer.serialize(out, schema, IpcOption.DEFAULT);
    }

    /** Compresses the root's {@code getRowCount()} rows and writes them as one batch; returns where it starts. */
    long write(VectorSchemaRoot root) throws IOException {
        long offset = out.getCurrentPosition();
        try (ArrowRecordBatch batch = new VectorUnloader(root, true, codec, true).getRecordBatch()) {
            MessageSerializer.serialize(out, batch, IpcOption.DEFAULT);
        }
        return offset;
    }

    void end() throws IOException {
        ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
    }
}
