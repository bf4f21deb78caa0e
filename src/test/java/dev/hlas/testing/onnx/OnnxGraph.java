package dev.hlas.testing.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small ONNX models in Java (no Python): the synthetic test models that stand in for real voices, with the
 * exact input/output signatures of the real ones. Opset 13, IR version 7. Nodes must be added in topological order.
 *
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph("piper-test");
 * g.input("input", OnnxGraph.INT64, "batch", "phonemes");
 * g.node("Shape", List.of("input"), List.of("shape"));
 * ...
 * g.output("output", OnnxGraph.FLOAT, "b", "c", "d", "n");
 * g.write(path);
 * }</pre>
 */
public final class OnnxGraph {
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;

    private final String name;
    private final List<Protobuf> nodes = new ArrayList<>();
    private final List<Protobuf> initializers = new ArrayList<>();
    private final List<Protobuf> inputs = new ArrayList<>();
    private final List<Protobuf> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int counter;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /**
     * Declares a graph input. Each dim is a symbolic name ({@code "phonemes"}) or a fixed size ({@code 1}).
     */
    public OnnxGraph input(String inputName, int elemType, Object... dims) {
        inputs.add(valueInfo(inputName, elemType, dims));
        return this;
    }

    /** Declares a graph output. */
    public OnnxGraph output(String outputName, int elemType, Object... dims) {
        outputs.add(valueInfo(outputName, elemType, dims));
        return this;
    }

    /** Adds a model metadata entry ({@code metadata_props}), as exporters do for sample rate, language and so on. */
    public OnnxGraph metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a node; attributes are given as {@link Attr}s. */
    public OnnxGraph node(String opType, List<String> in, List<String> out, Attr... attrs) {
        Protobuf node = new Protobuf();
        for (String i : in) node.string(1, i);
        for (String o : out) node.string(2, o);
        node.string(3, opType + "_" + (counter++));
        node.string(4, opType);
        for (Attr a : attrs) node.message(5, a.encode());
        nodes.add(node);
        return this;
    }

    /** Adds a single-output node and returns the output's name (generated). */
    public String op(String opType, List<String> in, Attr... attrs) {
        String out = opType.toLowerCase() + "_out_" + counter;
        node(opType, in, List.of(out), attrs);
        return out;
    }

    /** A float constant tensor as an initializer; returns its name. */
    public String floats(String tensorName, long[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        initializers.add(tensor(tensorName, FLOAT, dims, b.array()));
        return tensorName;
    }

    /** An int64 constant tensor as an initializer; returns its name. */
    public String longs(String tensorName, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        initializers.add(tensor(tensorName, INT64, dims, b.array()));
        return tensorName;
    }

    /** A scalar float constant. */
    public String scalar(String tensorName, float value) {
        return floats(tensorName, new long[0], value);
    }

    /** A 1-D int64 constant. */
    public String vector(String tensorName, long... values) {
        return longs(tensorName, new long[]{values.length}, values);
    }

    static Protobuf tensor(String tensorName, int dataType, long[] dims, byte[] raw) {
        Protobuf t = new Protobuf();
        for (long d : dims) t.varint(1, d);
        t.varint(2, dataType);
        t.string(8, tensorName);
        t.bytes(9, raw);
        return t;
    }

    private static Protobuf valueInfo(String valueName, int elemType, Object... dims) {
        Protobuf shape = new Protobuf();
        for (Object d : dims) {
            Protobuf dim = new Protobuf();
            if (d instanceof Number n) dim.varint(1, n.longValue());
            else dim.string(2, d.toString());
            shape.message(1, dim);
        }
        Protobuf tensorType = new Protobuf().varint(1, elemType).message(2, shape);
        Protobuf type = new Protobuf().message(1, tensorType);
        return new Protobuf().string(1, valueName).message(2, type);
    }

    /** The serialized ModelProto. */
    public byte[] toBytes() {
        Protobuf graph = new Protobuf();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(i -> graph.message(5, i));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        Protobuf opset = new Protobuf().string(1, "").varint(2, 13);
        Protobuf model = new Protobuf().varint(1, 7).string(2, "hlas-test-models").message(7, graph).message(8, opset);
        metadata.forEach((k, v) -> model.message(14, new Protobuf().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, toBytes());
        return file;
    }

    /** A node attribute. */
    public record Attr(String name, Object value) {
        public static Attr i(String name, long v) {
            return new Attr(name, v);
        }

        public static Attr f(String name, float v) {
            return new Attr(name, v);
        }

        public static Attr ints(String name, long... v) {
            return new Attr(name, v);
        }

        /** A tensor attribute (e.g. for Constant / ConstantOfShape {@code value}). */
        public static Attr floatTensor(String name, long[] dims, float... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) b.putFloat(v);
            return new Attr(name, tensor(name, FLOAT, dims, b.array()));
        }

        public static Attr longTensor(String name, long[] dims, long... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) b.putLong(v);
            return new Attr(name, tensor(name, INT64, dims, b.array()));
        }

        Protobuf encode() {
            Protobuf a = new Protobuf().string(1, name);
            switch (value) {
                case Long l -> a.varint(3, l).varint(20, 2);
                case Float f -> a.fixed32(2, f).varint(20, 1);
                case long[] ls -> {
                    for (long l : ls) a.varint(8, l);
                    a.varint(20, 7);
                }
                case Protobuf t -> a.message(5, t).varint(20, 4);
                default -> throw new IllegalArgumentException("unsupported attribute " + value);
            }
            return a;
        }
    }
}
