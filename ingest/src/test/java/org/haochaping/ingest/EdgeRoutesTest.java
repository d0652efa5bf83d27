package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EdgeRoutesTest {

    @Test
    void pathsMapToTheirTemplatesAndMethods() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EdgeRoutes routes = new EdgeRoutes(Router.router(vertx), 1024);
            routes.get("/kiosk/:counterId", ctx -> { });
            routes.get("/kiosk/:counterId/events", ctx -> { });
            routes.get("/r/:token", ctx -> { });
            routes.post("/r/:token", ctx -> { });
            routes.post("/api/v1.x/ratings", ctx -> { });

            assertThat(routes.templateOf("/kiosk/counter-03")).isEqualTo("/kiosk/:counterId");
            assertThat(routes.templateOf("/kiosk/counter-03/events")).isEqualTo("/kiosk/:counterId/events");
            assertThat(routes.templateOf("/r/abc.def")).isEqualTo("/r/:token");
            assertThat(routes.templateOf("/r/a/b")).isEqualTo(EdgeRoutes.UNMATCHED);
            assertThat(routes.templateOf("/api/v1.x/ratings")).isEqualTo("/api/v1.x/ratings");
            assertThat(routes.templateOf("/api/v1Xx/ratings")).as("template text is literal").isEqualTo(EdgeRoutes.UNMATCHED);
            assertThat(routes.allowedMethods("/r/abc")).isEqualTo("GET, POST");
            assertThat(routes.allowedMethods("/api/v1.x/ratings")).isEqualTo("POST");
            assertThat(routes.allowedMethods("/nowhere")).isNull();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
