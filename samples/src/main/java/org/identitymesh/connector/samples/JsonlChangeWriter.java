package org.identitymesh.connector.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;

/**
 * Writes each change as one JSON line, in delivery order:
 * {@code {"type":"User","op":"UPSERT","id":"...","attributes":{...}}}; a cleared attribute is written as
 * {@code null}. {@link #commit()} forces the file to disk, which the host does before it stores the watermark.
 */
final class JsonlChangeWriter implements ChangeSink, AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String WHAT = "the changes file";
    private static final String KEPT = "the watermark was kept";

    private final Path path;
    private final FileChannel file;
    private final JsonGenerator out;
    private long written;

    /**
     * Creates or empties the file.
     *
     * @param path the file
     * @throws FileProblem when it cannot be created or written
     */
    JsonlChangeWriter(Path path) throws FileProblem {
        this.path = path;
        try {
            this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
            this.out = JSON.createGenerator(buffered, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw FileProblem.cannotWrite(WHAT, path, e, "nothing was imported and " + KEPT);
        }
        this.out.setRootValueSeparator(new SerializedString("\n"));
    }

    /**
     * Writes one line.
     *
     * @throws FileProblem when writing fails, for example on a full disk; the connector stops the import with a
     *                     {@link org.identitymesh.connector.api.SinkFailedException} that carries it
     */
    @Override
    public void accept(ChangeRecord record) throws FileProblem {
        try {
            out.writeStartObject();
            out.writeStringField("type", record.objectType());
            out.writeStringField("op", record.operation().name());
            out.writeStringField("id", record.externalId());
            out.writeObjectFieldStart("attributes");
            for (Map.Entry<String, Object> e : record.attributes().entrySet()) {
                out.writeFieldName(e.getKey());
                write(e.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw FileProblem.cannotWrite(WHAT, path, e, "the import stopped and " + KEPT);
        }
        written++;
    }

    private void write(Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                out.writeString(String.valueOf(element));
            }
            out.writeEndArray();
        } else {
            out.writeString(String.valueOf(value));
        }
    }

    long written() {
        return written;
    }

    /**
     * Flushes every line written and forces it to disk.
     *
     * @throws FileProblem when that fails; the host then keeps the watermark
     */
    void commit() throws FileProblem {
        try {
            out.writeRaw('\n');
            out.flush();
            file.force(true);
        } catch (IOException e) {
            throw FileProblem.cannotWrite(WHAT, path, e, KEPT);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // after commit() nothing is left to write; before it, the run has already failed for a reason it reports
        }
    }
}
