package io.typoguard.config;

/**
 * A setting has a value the app cannot use, or the cluster it names does not answer or refuses it; the message
 * names the setting and what is allowed. Plain Java at the bottom layer, so every layer can throw and catch it.
 */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String setting, String value, String allowed) {
        super("invalid value '" + value + "' for setting " + setting + ": expected " + allowed);
    }

    public ConfigException(String message) {
        super(message);
    }
}
