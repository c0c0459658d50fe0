package io.typoguard.topology;

import java.util.Locale;

/**
 * How the lines of one Postfix message are brought into one task for correlation.
 *
 * <ul>
 *   <li>{@link #AUTO} (default): a line whose record key is the host named in the line is correlated in the
 *       task that read it, because every line keyed by that host is in the same partition; any other line
 *       (no key, or a different key) is repartitioned by (host, queue id). Correct with any shipper whose
 *       partitioner hashes the key, fast when the shipper keys by host.</li>
 *   <li>{@link #KEYED_BY_HOST}: every line is correlated where it was read. Only for shippers that key by
 *       host but spell the key differently from the syslog host name.</li>
 *   <li>{@link #REPARTITION}: every line is repartitioned. For shippers that set a key but spread a key's
 *       records over partitions anyway (Filebeat's {@code partition.round_robin}, for example).</li>
 * </ul>
 */
public enum Colocation {
    AUTO, KEYED_BY_HOST, REPARTITION;

    /** The setting's spelling: {@code auto}, {@code keyed-by-host}, {@code repartition}. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Colocation parse(String value) {
        for (Colocation c : values()) {
            if (c.setting().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown colocation '" + value + "'");
    }
}
