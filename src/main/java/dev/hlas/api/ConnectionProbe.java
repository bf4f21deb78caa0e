package dev.hlas.api;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.channels.SocketChannel;

/**
 * Tells whether the client of a request that is still waiting (queued, no byte written yet) has hung up.
 *
 * <p>Why: Jetty does not read an HTTP/1.1 connection while its handler runs, so a client that closes while its
 * request waits for an engine is noticed only at the first write, after it has been synthesized for. This probe
 * asks the kernel without consuming anything: {@code recv(fd, 1 byte, MSG_PEEK | MSG_DONTWAIT)} answers 0 when the
 * peer has closed, and "would block" while it is still connected and silent. Pipelined bytes are only peeked at, so
 * Jetty still reads them.
 *
 * <p>Needs Linux and {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (to read the socket's descriptor, which
 * {@code SocketChannel} does not expose); the launcher and the tests pass it. Without either, {@link #isClosed}
 * answers {@code false} and a queued client is noticed at its first write, as before.
 */
final class ConnectionProbe {
    private static final Logger log = LoggerFactory.getLogger(ConnectionProbe.class);
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final MethodHandle RECV;
    private static final StructLayout CALL_STATE;
    private static final VarHandle ERRNO;
    private static final Field FD;

    static {
        MethodHandle recv = null;
        StructLayout state = null;
        VarHandle errno = null;
        Field fd = null;
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option capture = Linker.Option.captureCallState("errno");
                state = Linker.Option.captureStateLayout();
                errno = state.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
                recv = linker.defaultLookup().find("recv").map(s -> linker.downcallHandle(s, FunctionDescriptor.of(
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), capture)).orElse(null);
                fd = Class.forName("sun.nio.ch.SocketChannelImpl").getDeclaredField("fdVal");
                fd.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("connection probe unavailable ({}); queued clients are noticed at their first write",
                        e.toString());
                recv = null;
            }
        }
        RECV = recv;
        CALL_STATE = state;
        ERRNO = errno;
        FD = recv == null ? null : fd;
    }

    private ConnectionProbe() {
    }

    /** Whether the probe works on this platform and JVM. */
    static boolean available() {
        return RECV != null && FD != null;
    }

    /**
     * Closes the request's connection from our side (any thread), so the handler's next write fails and it takes its
     * client-gone path. For a client already known to have hung up.
     */
    static void abort(Context ctx) {
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                    .getEndPoint().close();
        } catch (RuntimeException e) {
            log.debug("could not close the connection of an abandoned request: {}", e.toString());
        }
    }

    /** Whether the request's client has closed or reset its connection; false when it cannot tell. */
    static boolean isClosed(Context ctx) {
        if (!available()) return false;
        try {
            EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint();
            if (!endPoint.isOpen()) return true;
            if (!(endPoint instanceof SocketChannelEndPoint socket)) return false;
            SocketChannel channel = socket.getChannel();
            if (!channel.isOpen()) return true;
            int fd = FD.getInt(channel);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(CALL_STATE);
                MemorySegment buffer = arena.allocate(1);
                long n = (long) RECV.invokeExact(state, fd, buffer, 1L, MSG_PEEK | MSG_DONTWAIT);
                if (n == 0) return true;          // orderly shutdown by the client
                if (n > 0) return false;          // bytes waiting (pipelined): still connected
                int errno = (int) ERRNO.get(state, 0L);
                return errno != EAGAIN && errno != EINTR; // ECONNRESET, EPIPE…: gone
            }
        } catch (Throwable t) {
            return false;
        }
    }
}
