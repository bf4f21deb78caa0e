package dev.hlas.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.net.UnknownHostException;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}), e.g. a trusted reverse
 * proxy. Only literal addresses are accepted: a host name would need DNS at every request.
 *
 * @param network      the block's first address (host bits cleared), 4 or 16 bytes
 * @param prefixLength leading bits that must match (32 or 128 for a single address)
 */
public record AddressRange(byte[] network, int prefixLength) {
    public AddressRange {
        network = network.clone();
        if (network.length != 4 && network.length != 16) throw new IllegalArgumentException("not an IP address");
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0–" + network.length * 8 + ": " + prefixLength);
        }
        for (int bit = prefixLength; bit < network.length * 8; bit++) network[bit / 8] &= (byte) ~(0x80 >>> bit % 8);
    }

    /**
     * Parses one address or block.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static AddressRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        try {
            InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
            byte[] bytes = address.getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
            return new AddressRange(bytes, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trusted proxies must be IP addresses or CIDR blocks such as "
                    + "10.0.0.0/8 or ::1; bad item '" + s + "'");
        }
    }

    /** Parses a comma- or whitespace-separated list; blank means none. */
    public static List<AddressRange> parseList(String spec) {
        if (spec == null || spec.isBlank()) return List.of();
        List<AddressRange> ranges = new ArrayList<>();
        for (String item : spec.split("[,\\s]+")) if (!item.isBlank()) ranges.add(parse(item));
        return List.copyOf(ranges);
    }

    /** A literal IPv4 or IPv6 address, never looked up by name. */
    public static InetAddress literal(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        return InetAddress.ofLiteral(s);
    }

    /** Whether {@code address} lies in this block (an IPv4-mapped IPv6 address counts as its IPv4 address). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefixLength % 8;
        if (rest == 0) return true;
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & 0xFF);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }
}
