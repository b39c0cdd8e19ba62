package vgtrace.core.trace;

import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Frames the messages of a trace stream and checks each one against the bytes the file holds before
 * Arrow reads (and allocates for) it. A message that runs past the end of the file is a torn tail
 * ({@link TornTailException}); a frame that cannot be one is corruption. Returns {@code null} only at
 * the end-of-stream marker.
 */
final class BoundedMessageReader extends MessageChannelReader {

    /** Far above any metadata vgtrace writes; a larger length is garbage. */
    private static final int MAX_METADATA_BYTES = 16 << 20;
    private static final int PREFIX_BYTES = 8;
    private static final int CONTINUATION = 0xffffffff;

    private final Path path;
    private final FileChannel file;
    private final SkippingChannel channel;
    private long messages;
    private ArrowBuf lastBody;
    private int skippedBuffer = -1;

    BoundedMessageReader(Path path, FileChannel file, BufferAllocator allocator) {
        this(path, new SkippingChannel(file), file, allocator);
    }

    private BoundedMessageReader(Path path, SkippingChannel channel, FileChannel file, BufferAllocator allocator) {
        super(new ReadChannel(channel), allocator);
        this.path = path;
        this.file = file;
        this.channel = channel;
    }

    /** The file's size now (a writer may still be appending to it). */
    long size() throws IOException {
        return file.size();
    }

    /** Leaves buffer {@code index} of every record batch body unread (its bytes are garbage). */
    void skipBuffer(int index) {
        skippedBuffer = index;
    }

    @Override
    public MessageResult readNext() throws IOException {
        long at = file.position();
        long remaining = file.size() - at;
        if (remaining == 0) throw new TornTailException("the stream ends without its end-of-stream marker");
        if (remaining < PREFIX_BYTES) throw new TornTailException("the stream ends inside a message prefix");
        ByteBuffer prefix = peek(at, PREFIX_BYTES);
        if (prefix.getInt(0) != CONTINUATION) throw corrupt("no message marker at byte " + at);
        int metadataLength = prefix.getInt(4);
        if (metadataLength == 0) return null;
        if (metadataLength < 0 || metadataLength > MAX_METADATA_BYTES) {
            throw corrupt("impossible message length " + metadataLength + " at byte " + at);
        }
        if (metadataLength > remaining - PREFIX_BYTES) {
            throw new TornTailException("the stream ends inside a message header at byte " + at);
        }
        long bodyLength;
        byte type;
        MessageMetadataResult header;
        try {
            header = MessageMetadataResult.create(peek(at + PREFIX_BYTES, metadataLength),
                    metadataLength);
            bodyLength = header.getMessageBodyLength();
            type = header.headerType();
        } catch (RuntimeException e) {
            throw TraceFileException.corrupt(path, "unreadable message header at byte " + at, e);
        }
        // A trace is one schema, then record batches: no dictionaries, no second schema.
        byte expected = messages == 0 ? MessageHeader.Schema : MessageHeader.RecordBatch;
        if (type != expected) {
            throw corrupt("message of type " + type + " at byte " + at + ", expected " + MessageHeader.name(expected));
        }
        if (bodyLength < 0) throw corrupt("negative body length at byte " + at);
        if (bodyLength > remaining - PREFIX_BYTES - metadataLength) {
            throw new TornTailException("the stream ends inside a message body at byte " + at);
        }
        if (type == MessageHeader.RecordBatch && skippedBuffer >= 0) {
            skipInBody(at + PREFIX_BYTES + metadataLength, bodyLength, header);
        }
        MessageResult message = super.readNext();
        messages++;
        lastBody = message == null ? null : message.getBodyBuffer();
        return message;
    }

    /** Where the next message starts. */
    long position() throws IOException {
        return file.position();
    }

    /** Continues at {@code offset}, which must be where a record batch message starts. */
    void position(long offset) throws IOException {
        file.position(offset);
    }

    /** Tells the channel to pass over the skipped buffer of the batch whose body starts at {@code bodyStart}. */
    private void skipInBody(long bodyStart, long bodyLength, MessageMetadataResult header) throws TraceFileException {
        long offset, length;
        try {
            RecordBatch batch = (RecordBatch) header.getMessage().header(new RecordBatch());
            if (batch == null || skippedBuffer >= batch.buffersLength())
                throw corrupt("a record batch without the buffers of its schema at byte " + bodyStart);
            Buffer b = batch.buffers(skippedBuffer);
            offset = b.offset();
            length = b.length();
        } catch (RuntimeException e) {
            throw TraceFileException.corrupt(path, "unreadable record batch header before byte " + bodyStart, e);
        }
        if (offset < 0 || length < 0 || offset > bodyLength || length > bodyLength - offset)
            throw corrupt("a buffer outside its record batch body at byte " + bodyStart);
        channel.skip(bodyStart + offset, bodyStart + offset + length);
    }

    /**
     * Frees what is left of the last message body. Arrow may drop its reference when loading a
     * malformed batch fails; the reader calls this at close, once nothing else can hold the body.
     */
    void releaseLastBody() {
        if (lastBody != null && lastBody.refCnt() > 0) lastBody.getReferenceManager().release(lastBody.refCnt());
        lastBody = null;
    }

    private ByteBuffer peek(long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (file.read(b, at + b.position()) < 0) throw new TornTailException("the file shrank while read");
        }
        return b.flip();
    }

    private TraceFileException corrupt(String what) {
        return TraceFileException.corrupt(path, what);
    }
}
