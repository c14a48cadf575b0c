package org.identitymesh.connector.testkit.entra;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A JVM in which another JDK HTTP server is created before the simulator, so that the JDK reads its limits before the
 * testkit could raise them: prints {@code started: keepAliveLimit=N} or {@code refused: <message>}.
 */
public final class EarlyJdkServerMain {

    private EarlyJdkServerMain() {
    }

    /**
     * Runs the scenario.
     *
     * @param args the connections the cloud must keep alive
     * @throws Exception if the other server cannot start
     */
    public static void main(String[] args) throws Exception {
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).stop(0);
        try (SimulatedEntraCloud cloud = SimulatedEntraCloud.builder().keepAliveConnections(Integer.parseInt(args[0]))
                .start()) {
            System.out.println("started: keepAliveLimit=" + cloud.keepAliveLimit());
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
