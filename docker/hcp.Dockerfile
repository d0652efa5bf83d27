# The application image: `hcp serve` in docker-compose.yml, and the one-off commands with the same
# configuration (docker-compose run --rm hcp evaluate --month 2026-10). It holds what Maven built, so build
# that first, from the repository root (docker/README.md):
#   mvn -B -DskipTests install
#   mvn -B -pl app dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/docker-lib
#   docker build -f docker/hcp.Dockerfile -t haochaping/hcp .
# No configuration or secret is copied in: the configuration file is mounted, secrets come by environment.
FROM eclipse-temurin:17-jre

# evaluation explanations (PDF) and QR posters embed a CJK font with TrueType outlines
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 hcp \
    && useradd --system --uid 10001 --gid hcp --home-dir /var/lib/haochaping --no-create-home hcp \
    && mkdir -p /var/lib/haochaping /etc/haochaping /opt/haochaping/lib \
    && chown hcp:hcp /var/lib/haochaping

# the JVM flags Flink and Kafka need, from the one place the build and ./hcp take them
COPY pom.xml /tmp/hcp-pom.xml
RUN sed -n 's:.*<hcp.jvm.opens>\(.*\)</hcp.jvm.opens>.*:\1:p' /tmp/hcp-pom.xml > /opt/haochaping/jvm-opens \
    && test -s /opt/haochaping/jvm-opens \
    && rm /tmp/hcp-pom.xml

# libraries first: they change less often than the application, so their layer is reused
COPY app/target/docker-lib/ /opt/haochaping/lib/
COPY app/target/app-*.jar /opt/haochaping/app.jar
COPY docker/hcp-log4j2.xml /opt/haochaping/log4j2.xml
COPY docker/hcp-entrypoint.sh /usr/local/bin/hcp
RUN chmod 755 /usr/local/bin/hcp

USER hcp
WORKDIR /var/lib/haochaping
EXPOSE 8080 8081
ENTRYPOINT ["hcp"]
CMD ["serve", "--config", "/etc/haochaping/hcp.yaml"]
