package io.typoguard.connect.syslog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends syslog messages over TCP (RFC 6587 octet-counting or newline framing), TLS (RFC 5425, octet-counting) or
 * UDP (RFC 5426, one datagram each). {@link #send} either writes every message of the batch to the connection or
 * throws; after a failure the connection is dropped and the next call connects again.
 *
 * <p>Before each batch on a stream connection it checks that the receiver has not closed it (a receiver never
 * writes to us, so end-of-stream means it went away): writing into a connection the peer already closed succeeds
 * once and silently loses that data.
 */
public final class SyslogClient implements Closeable {
    public static final int MAX_UDP_PAYLOAD = 65_507;

    public enum Transport { TCP, UDP, TLS }

    public enum Framing { OCTET_COUNTING, NEWLINE }

    private final Transport transport;
    private final String host;
    private final int port;
    private final Framing framing;
    private final SSLSocketFactory tlsFactory;
    private final boolean verifyHostname;
    private final int connectTimeoutMs;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private DatagramChannel udp;

    public SyslogClient(Transport transport, String host, int port, Framing framing, SSLSocketFactory tlsFactory,
                        boolean verifyHostname, int connectTimeoutMs) {
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.framing = transport == Transport.TLS ? Framing.OCTET_COUNTING : framing;
        this.tlsFactory = tlsFactory;
        this.verifyHostname = verifyHostname;
        this.connectTimeoutMs = connectTimeoutMs;
        if (transport == Transport.TLS && tlsFactory == null) {
            throw new IllegalArgumentException("TLS needs an SSLSocketFactory");
        }
    }

    /** Writes every message (UTF-8 bytes without framing) or throws; nothing is retried here. */
    public void send(List<byte[]> messages) throws IOException {
        if (messages.isEmpty()) {
            return;
        }
        try {
            if (transport == Transport.UDP) {
                sendUdp(messages);
            } else {
                sendStream(messages);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void sendUdp(List<byte[]> messages) throws IOException {
        if (udp == null) {
            udp = DatagramChannel.open();
            udp.connect(new InetSocketAddress(host, port));
        }
        for (byte[] m : messages) {
            udp.write(ByteBuffer.wrap(m, 0, Math.min(m.length, MAX_UDP_PAYLOAD)));
        }
    }

    private void sendStream(List<byte[]> messages) throws IOException {
        if (socket != null && peerClosed()) {
            close();
        }
        if (socket == null) {
            connect();
        }
        for (byte[] m : messages) {
            if (framing == Framing.OCTET_COUNTING) {
                out.write(Integer.toString(m.length).getBytes(StandardCharsets.US_ASCII));
                out.write(' ');
                out.write(m);
            } else {
                out.write(m);
                out.write('\n');
            }
        }
        out.flush();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            if (transport == Transport.TLS) {
                SSLSocket tls = (SSLSocket) tlsFactory.createSocket(s, host, port, true);
                if (verifyHostname) {
                    SSLParameters p = tls.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(p);
                }
                tls.setSoTimeout(connectTimeoutMs);
                tls.startHandshake();
                s = tls;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
    }

    /** True when the receiver has closed the connection (end of stream) or it is broken. */
    private boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            int b = in.read();
            return b < 0;
        } catch (SocketTimeoutException e) {
            return false; // nothing to read: the connection is open
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
        closeQuietly(udp);
        socket = null;
        in = null;
        out = null;
        udp = null;
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    @Override
    public String toString() {
        return transport.name().toLowerCase() + "://" + host + ":" + port;
    }
}
