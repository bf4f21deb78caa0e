package dev.hlas.api;

import dev.hlas.config.AddressRange;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client of a request is, for the per-client limit and the request log.
 *
 * <p>Without trusted proxies (the default) it is the connection's peer address and {@code X-Forwarded-For} is
 * ignored: anyone can send that header. When the peer is a trusted proxy, the header's entries are read from the
 * right (the proxy's end, which it wrote itself) leftwards, skipping trusted proxies; the first address that is not
 * a trusted proxy is the client. Entries further left were written by the client or hops it chose, so a client
 * cannot pick its own address by sending the header. If every entry is a trusted proxy, the left-most one is the
 * client.
 */
final class ClientAddress {
    private ClientAddress() {
    }

    /**
     * @param peer           the connection's remote address
     * @param forwardedFor   every {@code X-Forwarded-For} header value, in arrival order
     * @param trustedProxies proxies whose header is believed
     */
    static String resolve(String peer, List<String> forwardedFor, List<AddressRange> trustedProxies) {
        if (trustedProxies.isEmpty() || forwardedFor.isEmpty()) return peer;
        InetAddress current = parse(peer);
        if (current == null || !trusted(current, trustedProxies)) return peer;
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String item : header.split(",")) if (!item.isBlank()) hops.add(item.strip());
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parse(hops.get(i));
            // A hop a trusted proxy did not write sensibly: the nearest trusted hop is all we know.
            if (hop == null) return current.getHostAddress();
            current = hop;
            if (!trusted(hop, trustedProxies)) return hop.getHostAddress();
        }
        return current.getHostAddress();
    }

    private static boolean trusted(InetAddress address, List<AddressRange> trustedProxies) {
        for (AddressRange range : trustedProxies) if (range.contains(address)) return true;
        return false;
    }

    /** An address as proxies write it ({@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code [::1]:80}, {@code ::1}). */
    private static InetAddress parse(String text) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) return null;
            s = s.substring(1, end);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        try {
            return AddressRange.literal(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
