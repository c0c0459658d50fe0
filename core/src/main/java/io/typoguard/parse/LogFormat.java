package io.typoguard.parse;

import java.util.Locale;

/** The formats the parser reads; AUTO detects the format of each record. */
public enum LogFormat {
    AUTO, JSON, ENVELOPE, POSTFIX, SENDMAIL, EXIM, EXCHANGE, EXCHANGE_ONLINE;

    /** @throws IllegalArgumentException listing the allowed names */
    public static LogFormat parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown log format '" + s + "'; allowed: auto, json, envelope, postfix, sendmail, exim, exchange, exchange-online");
        }
    }

    /** The format name used in events ({@code sourceFormat}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
