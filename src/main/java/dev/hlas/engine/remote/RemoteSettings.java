package dev.hlas.engine.remote;

import java.util.Comparator;
import java.util.List;

/**
 * The remote engine's slice of the configuration: the upstreams read from {@code --upstreams FILE}.
 *
 * @param upstreams in the order of the file
 */
public record RemoteSettings(List<Upstream> upstreams) {
    public RemoteSettings {
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    }

    /** No upstreams: the remote engine has no voices. */
    public static RemoteSettings none() {
        return new RemoteSettings(List.of());
    }

    /** The upstreams by priority (lower first), the file's order among equals. */
    public List<Upstream> byPriority() {
        return upstreams.stream().sorted(Comparator.comparingInt(Upstream::priority)).toList();
    }
}
