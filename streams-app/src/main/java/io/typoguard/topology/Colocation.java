package io.typoguard.topology;

import java.util.Locale;

/**
 * How the lines of one Postfix message are brought into one task for correlation.
 *
 * <ul>
 *   <li>{@link #AUTO} (default): a line whose record key names the host named in the line is correlated in the
 *       task that read it, because every line keyed by that host is in the same partition; any other line
 *       (no key, or a different key) is repartitioned by (host, queue id). The key names the host when it is the
 *       same name, or the same name with more or fewer trailing labels ({@code mx1.example.com} for a line of
 *       {@code mx1}, and the other way round), compared without regard to ASCII case: a shipper that keys by
 *       the machine's fully qualified name while syslog writes the short one. Correct with any shipper whose
 *       partitioner hashes the key, fast when the shipper keys by host.</li>
 *   <li>{@link #KEYED_BY_HOST}: every line is correlated where it was read. Only for shippers that key by
 *       host but spell the key otherwise (an address, an inventory name).</li>
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

    /**
     * Whether a record key names the host a line names, as {@link #AUTO} decides it: the same name, or one is the
     * other with more trailing labels ({@code mx1.lon.example.com} and {@code mx1.lon}), ASCII case ignored.
     * Every line whose key names its host is in the partition of that key, so one host's lines meet in one task
     * whichever of the two spellings the shipper uses, as long as it uses one.
     */
    public static boolean keyNamesHost(byte[] key, String host) {
        if (key == null || key.length == 0 || host == null || host.isEmpty()) {
            return false;
        }
        int n = Math.min(key.length, host.length());
        for (int i = 0; i < n; i++) {
            int k = key[i] & 0xff;
            char h = host.charAt(i);
            if (k != h && lower(k) != lower(h)) {
                return false;
            }
        }
        if (key.length == host.length()) {
            return true;
        }
        // one is a prefix of the other: it must end where the other's next label begins
        return key.length > n ? key[n] == '.' : host.charAt(n) == '.';
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
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
