package dev.hlas.engine.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Exposes an intermediate value of an ONNX graph as an extra graph output, on the model's bytes in memory (ONNX
 * Runtime's Java API cannot add outputs to a session). The file on disk is never changed.
 *
 * <p>Works directly on the protobuf wire format, so no protobuf library or generated ONNX classes are needed: the
 * {@code ModelProto}'s fields are copied as they are except its {@code graph} (field 7), whose fields are copied as
 * they are plus one {@code ValueInfoProto} output (graph field 12: name, and a float tensor type without a shape).
 * Only the graph's node list is read, to find the node: a model of any size is walked once and copied once.
 */
public final class OnnxOutputs {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int VALUE_INFO_NAME = 1;
    private static final int FLOAT = 1;

    private OnnxOutputs() {
    }

    /** The output names of the graph's nodes of type {@code opType}, in graph order. */
    public static List<String> nodeOutputs(byte[] model, String opType) {
        List<String> out = new ArrayList<>();
        byte[] graph = field(model, MODEL_GRAPH);
        if (graph == null) return out;
        Reader r = new Reader(graph);
        while (r.more()) {
            Field f = r.next();
            if (f.number != GRAPH_NODE || f.bytes == null) continue;
            String type = null;
            List<String> outputs = new ArrayList<>();
            Reader node = new Reader(f.bytes);
            while (node.more()) {
                Field nf = node.next();
                if (nf.number == NODE_OP_TYPE && nf.bytes != null) type = new String(nf.bytes, StandardCharsets.UTF_8);
                if (nf.number == NODE_OUTPUT && nf.bytes != null) {
                    outputs.add(new String(nf.bytes, StandardCharsets.UTF_8));
                }
            }
            if (opType.equals(type)) out.addAll(outputs);
        }
        return out;
    }

    /**
     * The model with {@code value} added as a float graph output, or empty when the bytes are not a model with a
     * graph.
     */
    public static Optional<byte[]> withOutput(byte[] model, String value) {
        Reader r = new Reader(model);
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 64);
        boolean patched = false;
        while (r.more()) {
            int from = r.at;
            Field f = r.next();
            if (f.number == MODEL_GRAPH && f.bytes != null && !patched) {
                ByteArrayOutputStream graph = new ByteArrayOutputStream(f.bytes.length + 64);
                graph.writeBytes(f.bytes);
                byte[] elemType = concat(tag(1, 0), varint(FLOAT)); // TypeProto.Tensor.elem_type
                byte[] tensorType = message(1, elemType); // TypeProto.tensor_type
                byte[] info = concat(message(VALUE_INFO_NAME, value.getBytes(StandardCharsets.UTF_8)),
                        message(2, tensorType));
                graph.writeBytes(message(GRAPH_OUTPUT, info));
                out.writeBytes(message(MODEL_GRAPH, graph.toByteArray()));
                patched = true;
            } else {
                out.write(model, from, r.at - from);
            }
        }
        return patched ? Optional.of(out.toByteArray()) : Optional.empty();
    }

    private static byte[] field(byte[] message, int number) {
        Reader r = new Reader(message);
        while (r.more()) {
            Field f = r.next();
            if (f.number == number && f.bytes != null) return f.bytes;
        }
        return null;
    }

    private static byte[] message(int number, byte[] body) {
        return concat(tag(number, 2), varint(body.length), body);
    }

    private static byte[] tag(int number, int wireType) {
        return varint(((long) number << 3) | wireType);
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(10);
        while ((value & ~0x7FL) != 0) {
            b.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        b.write((int) value);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    /** One field: its number and, for length-delimited fields, its bytes. */
    private record Field(int number, byte[] bytes) {
    }

    /** Reads protobuf fields one after another; malformed input ends the walk with an exception. */
    private static final class Reader {
        private final byte[] data;
        private int at;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return at < data.length;
        }

        Field next() {
            long key = varint();
            int number = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> varint();
                case 1 -> skip(8);
                case 2 -> {
                    int length = Math.toIntExact(varint());
                    if (length < 0 || at + length > data.length) throw new IllegalArgumentException("truncated");
                    byte[] bytes = new byte[length];
                    System.arraycopy(data, at, bytes, 0, length);
                    at += length;
                    return new Field(number, bytes);
                }
                case 5 -> skip(4);
                default -> throw new IllegalArgumentException("unsupported wire type in field " + number);
            }
            return new Field(number, null);
        }

        private void skip(int n) {
            if (at + n > data.length) throw new IllegalArgumentException("truncated");
            at += n;
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= data.length) throw new IllegalArgumentException("truncated varint");
                byte b = data[at++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new IllegalArgumentException("malformed varint");
        }
    }
}
