# medbroker: build with Maven, run on a JRE. The data directory is a volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/medbroker medbroker && mkdir -p /var/lib/medbroker && chown medbroker /var/lib/medbroker
WORKDIR /opt/medbroker
COPY --from=build /src/engine/target/medbroker.jar ./medbroker.jar
COPY --from=build /src/engine/target/lib ./lib
COPY --from=build /src/samples/config ./config
ENV MEDBROKER_DATA_DIR=/var/lib/medbroker
USER medbroker
VOLUME /var/lib/medbroker
EXPOSE 8080 2575 5100 11112
ENTRYPOINT ["java", "-XX:+UseZGC", "-jar", "/opt/medbroker/medbroker.jar"]
CMD ["run", "--config", "/opt/medbroker/config/medbroker.yaml"]
