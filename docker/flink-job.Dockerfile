# The Flink image of docker-compose.yml: Flink 2.3 (the version the job is built against) with the job jar
# in usrlib, where application mode finds it, and an entrypoint that resumes the job from its newest
# retained checkpoint. Build the jar first, from the repository root (docker/README.md):
#   mvn -B -DskipTests -pl stream-jobs -am install      # writes stream-jobs/target/haochaping-job.jar
#   docker build -f docker/flink-job.Dockerfile -t haochaping/flink-job .
FROM flink:2.3.0-java17

USER root
# dataDir of the job's configuration: checkpoints and savepoints, on a volume shared by JobManager and
# TaskManager; created here so the volume starts out owned by the flink user
RUN mkdir -p /var/lib/haochaping/checkpoints /var/lib/haochaping/savepoints /opt/flink/usrlib \
    && chown -R flink:flink /var/lib/haochaping /opt/flink/usrlib
COPY --chown=flink:flink stream-jobs/target/haochaping-job.jar /opt/flink/usrlib/haochaping-job.jar
COPY docker/flink-entrypoint.sh /hcp-flink-entrypoint.sh
RUN chmod 755 /hcp-flink-entrypoint.sh
USER flink

ENTRYPOINT ["/hcp-flink-entrypoint.sh"]
CMD ["help"]
