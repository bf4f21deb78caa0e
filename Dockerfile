# syntax=docker/dockerfile:1
# Hlas, CPU image: docker build -t hlas . && docker run -p 8000:8000 hlas
# Stages: build (Maven on Temurin 25) → jre (jlink: only the modules in deploy/java-modules.txt, with a CDS archive)
# → runtime (debian:bookworm-slim + deploy/packages/runtime.txt, non-root, AOT cache trained at build time).
# deploy/smoke builds the same runtime root filesystem with debootstrap and runs it in a chroot.

ARG MAVEN_IMAGE=maven:3.9.11-eclipse-temurin-25
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer stays cached while only the sources change.
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src/main src/main
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package \
 && mkdir -p /out/hlas && cp target/hlas.jar /out/hlas/ && cp -r target/lib /out/hlas/lib

FROM build AS jre
COPY deploy/java-modules.txt /tmp/java-modules.txt
# --generate-cds-archive: the runtime's own class-data sharing archive for the JDK's classes.
RUN jlink --add-modules "$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' /tmp/java-modules.txt | awk '{print $1}' | paste -sd, -)" \
      --include-locales=en,cs --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
      --generate-cds-archive --output /out/java

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="Hlas" \
      org.opencontainers.image.description="Self-hosted, OpenAI-compatible text-to-speech server for Czech and English" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="GPL-3.0-or-later"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The runtime packages: the same list ./hlas installs and deploy/smoke puts into its root filesystem.
COPY deploy/packages/runtime.txt /tmp/runtime.txt
RUN apt-get update \
 && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' /tmp/runtime.txt | awk '{print $1}' \
    | DEBIAN_FRONTEND=noninteractive xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime.txt
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin hlas \
 && mkdir -p /data && chown hlas:hlas /data
COPY --from=jre /out/java /opt/hlas/java
COPY --from=build /out/hlas/lib /opt/hlas/lib
COPY --from=build /out/hlas/hlas.jar /opt/hlas/hlas.jar
COPY deploy/image/ /opt/hlas/bin/
# The defaults: a heap ceiling of a quarter of the container's memory limit (the entry point stands in 512m when
# there is none: HLAS_MAX_RAM), a heap that shrinks after load, native memory trimmed every 5 s, the serial GC (one to two cores, small heap: see
# docs/containers.md for the figures), glibc's malloc capped at two arenas (ONNX Runtime and JNI threads otherwise
# each grow their own), native libraries unpacked under /tmp rather than into the data volume.
ENV HLAS_HOME=/data \
    HLAS_HOST=0.0.0.0 \
    HLAS_PORT=8000 \
    HLAS_DEVICE=cpu \
    HLAS_PULL="" \
    MALLOC_ARENA_MAX=2 \
    HLAS_JVM_DEFAULTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=3 -XX:NewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=5000 -Djava.io.tmpdir=/tmp -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"
# The AOT cache: a training run of the server (as the user it runs as) records the classes it loads and links and
# its method profiles; every later start maps them instead of loading the jars' classes again.
RUN /opt/hlas/bin/aot-train /opt/hlas/hlas.aot && rm -rf /tmp/*
USER hlas
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000 10200
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/opt/hlas/bin/healthcheck"]
ENTRYPOINT ["/opt/hlas/bin/hlas"]
CMD ["serve"]
