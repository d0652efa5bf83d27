package org.haochaping.model.config;

/** A configuration value that cannot be used; the message names the key and how to fix it. */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String message) {
        super("configuration key '" + key + "' (env " + ConfigLoader.envName(key) + "): " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
