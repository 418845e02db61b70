package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults of SERVER.md and the validation of every field. */
class TcpServerConfigTest {

    @Test
    void theBuilderStartsFromTheServerDefaults() {
        TcpServerConfig config = TcpServerConfig.builder().build();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(6388);
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(23));
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.idleTimeout()).isZero();
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxConnections()).isZero();
        assertThat(config.maxConnectionsPerIp()).isZero();
        assertThat(config.tls()).isEmpty();
        assertThat(config.authToken()).isEmpty();
    }

    @Test
    void invalidValuesAreRejectedByName() {
        assertThatThrownBy(() -> TcpServerConfig.builder().port(65_536).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> TcpServerConfig.builder().host("").build()).hasMessageContaining("host");
        assertThatThrownBy(() -> TcpServerConfig.builder().readTimeout(Duration.ZERO).build())
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> TcpServerConfig.builder().writeTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("writeTimeout");
        assertThatThrownBy(() -> TcpServerConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> TcpServerConfig.builder().shutdownTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("shutdownTimeout");
        assertThatThrownBy(() -> TcpServerConfig.builder().maxConnections(-1).build())
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> TcpServerConfig.builder().maxConnectionsPerIp(-1).build())
                .hasMessageContaining("maxConnectionsPerIp");
        assertThatThrownBy(() -> TcpServerConfig.builder().authToken("").build()).hasMessageContaining("authToken");
    }
}
