package dev.hlas.wyoming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Announces the Wyoming server over mDNS as {@code _wyoming._tcp.local.} (what Home Assistant's Wyoming integration
 * discovers), with JmDNS. Registration runs in the background: mDNS probing takes a few seconds and must not delay
 * the start; a network without multicast only logs a warning.
 */
final class Zeroconf implements AutoCloseable {
    static final String SERVICE_TYPE = "_wyoming._tcp.local.";
    private static final Logger log = LoggerFactory.getLogger(Zeroconf.class);
    private final Thread registration;
    private volatile JmDNS jmdns;
    private volatile boolean closed;

    private Zeroconf(String host, ServiceInfo info) {
        this.registration = Thread.ofVirtual().name("hlas-zeroconf").start(() -> register(host, info));
    }

    /** Starts announcing {@code port} on the interface of {@code host} (any interface for a wildcard address). */
    static Zeroconf announce(String host, int port) {
        return new Zeroconf(host, serviceInfo(instanceName(), port));
    }

    /** What is announced: the Wyoming service type, this machine's instance name and the port. */
    static ServiceInfo serviceInfo(String name, int port) {
        return ServiceInfo.create(SERVICE_TYPE, name, port, "Hlas text to speech");
    }

    /** {@code hlas-<hostname>}: unique on the network as long as host names are. */
    static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "server";
        }
        int dot = host.indexOf('.');
        if (dot > 0) host = host.substring(0, dot);
        return "hlas-" + host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private void register(String host, ServiceInfo info) {
        try {
            InetAddress address = InetAddress.getByName(host);
            JmDNS dns = address.isAnyLocalAddress() ? JmDNS.create() : JmDNS.create(address);
            jmdns = dns;
            if (closed) {
                dns.close();
                return;
            }
            dns.registerService(info);
            log.info("Announced {} on port {} as {}", SERVICE_TYPE, info.getPort(), info.getName());
        } catch (IOException | RuntimeException e) {
            log.warn("Zeroconf announcement failed ({}); add Hlas in Home Assistant by host and port", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        registration.interrupt();
        JmDNS dns = jmdns;
        if (dns == null) return;
        try {
            dns.unregisterAllServices();
            dns.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Zeroconf close failed: {}", e.toString());
        }
    }
}
