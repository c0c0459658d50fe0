package io.typoguard.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What alerts, OCSF records and the web page show of an address's local part: the address itself ({@code clear}),
 * its first character ({@code redact}: {@code a****@army.ml}), or a keyed hash ({@code hmac}: HMAC-SHA256 with
 * a secret key, first 16 hex digits: {@code h:3f2a...@army.ml}). The domain always stays readable: it is what
 * the alert is about. The keyed hash lets an analyst see that two alerts concern the same person, and someone who
 * holds the key can check whether an alert concerns a given address, without the alert naming anyone.
 * Plain Java, thread-safe.
 */
public final class AddressPrivacy {
    public enum Mode { CLEAR, REDACT, HMAC }

    public static final AddressPrivacy CLEAR = new AddressPrivacy(Mode.CLEAR, null);

    private final Mode mode;
    private final byte[] key;

    private AddressPrivacy(Mode mode, byte[] key) {
        this.mode = mode;
        this.key = key;
    }

    public static AddressPrivacy redact() {
        return new AddressPrivacy(Mode.REDACT, null);
    }

    /** @param key at least 16 bytes of secret (a config-provider reference, never the value in a file in the clear) */
    public static AddressPrivacy hmac(String key) {
        Objects.requireNonNull(key, "key");
        if (key.getBytes(StandardCharsets.UTF_8).length < 16) {
            throw new IllegalArgumentException("the HMAC key must be at least 16 bytes");
        }
        return new AddressPrivacy(Mode.HMAC, key.getBytes(StandardCharsets.UTF_8));
    }

    public Mode mode() {
        return mode;
    }

    /** The address as shown; null and "" (the null sender) stay as they are. */
    public String apply(String address) {
        if (address == null || address.isEmpty() || mode == Mode.CLEAR) {
            return address;
        }
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : address.substring(at);
        if (mode == Mode.REDACT) {
            return (local.isEmpty() ? "" : local.substring(0, local.offsetByCodePoints(0, 1))) + "****" + domain;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(local.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "h:" + HexFormat.of().formatHex(h, 0, 8) + domain;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code text} with each of {@code addresses} replaced by its shown form (summaries name the sender). */
    public String applyIn(String text, String... addresses) {
        if (text == null || mode == Mode.CLEAR) {
            return text;
        }
        String out = text;
        for (String a : addresses) {
            if (a != null && !a.isEmpty()) {
                out = out.replace(a, apply(a));
            }
        }
        return out;
    }
}
