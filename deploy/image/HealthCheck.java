import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Container health probe: exit 0 when the URL answers 2xx within two seconds, else 1. The image has no shell,
 * curl or wget, so HEALTHCHECK runs this class with the image's own Java runtime:
 * {@code java -cp /opt/typoguard/healthcheck HealthCheck http://127.0.0.1:8080/health/ready}.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/health/ready";
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            System.out.println(url + " " + code);
            System.exit(code >= 200 && code < 300 ? 0 : 1);
        } catch (Exception e) {
            System.out.println(url + " " + e);
            System.exit(1);
        }
    }
}
