package org.identitymesh.connector.samples;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
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

    private final FileOutputStream file;
    private final JsonGenerator out;
    private long written;

    JsonlChangeWriter(Path path) throws IOException {
        this.file = new FileOutputStream(path.toFile());
        OutputStream buffered = new java.io.BufferedOutputStream(file, 1 << 16);
        this.out = JSON.createGenerator(buffered, JsonEncoding.UTF8);
        this.out.setRootValueSeparator(new SerializedString("\n"));
    }

    @Override
    public void accept(ChangeRecord record) throws IOException {
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

    /** Flushes every line written and forces it to disk. */
    void commit() throws IOException {
        out.writeRaw('\n');
        out.flush();
        file.getFD().sync();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
