package io.typoguard.runtime;

/** A setting has a value the app cannot use; the message names the setting and what is allowed. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String setting, String value, String allowed) {
        super("invalid value '" + value + "' for setting " + setting + ": expected " + allowed);
    }

    public ConfigException(String message) {
        super(message);
    }
}
