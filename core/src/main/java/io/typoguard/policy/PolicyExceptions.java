package io.typoguard.policy;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Approved recipients ("allow by exception"): a sender or sender domain may write to a recipient or
 * recipient domain that looks like a typo, until an expiry, approved by someone. Filled from the compacted
 * {@code typo.exceptions} topic in the app; thread-safe.
 */
public final class PolicyExceptions {
    /**
     * @param sender     a sender address, a sender domain, or "*" for anyone
     * @param recipient  a recipient address or domain
     * @param expires    when the exception ends (null: never)
     * @param approvedBy who approved it (shown in the decision)
     */
    public record Exception(String sender, String recipient, Instant expires, String approvedBy) {
        public String key() {
            return key(sender, recipient);
        }

        static String key(String sender, String recipient) {
            return sender.toLowerCase(Locale.ROOT) + "|" + recipient.toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Exception> byKey = new ConcurrentHashMap<>();

    public void put(Exception e) {
        byKey.put(e.key(), e);
    }

    public void remove(String sender, String recipient) {
        byKey.remove(Exception.key(sender, recipient));
    }

    /** Removes by the table key ({@code sender|recipient}, lower case), as a tombstone names it. */
    public void removeKey(String key) {
        byKey.remove(key);
    }

    public void clear() {
        byKey.clear();
    }

    public int size() {
        return byKey.size();
    }

    /** The exception covering this sender and recipient at {@code now}, most specific first, or null. */
    public Exception find(String sender, String recipient, Instant now) {
        String s = sender == null ? "" : sender.toLowerCase(Locale.ROOT);
        String r = recipient.toLowerCase(Locale.ROOT);
        String sDomain = s.contains("@") ? s.substring(s.lastIndexOf('@') + 1) : s;
        String rDomain = r.contains("@") ? r.substring(r.lastIndexOf('@') + 1) : r;
        for (String sk : new String[] {s, sDomain, "*"}) {
            for (String rk : new String[] {r, rDomain}) {
                Exception e = byKey.get(sk + "|" + rk);
                if (e != null && (e.expires() == null || now.isBefore(e.expires()))) {
                    return e;
                }
            }
        }
        return null;
    }
}
