# Build the single binary, then ship it on a small base. Data lives in the /data volume.
FROM oven/bun:1.4.5 AS build
WORKDIR /src
COPY package.json bun.lock bunfig.toml ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
  && useradd --system --home /data owlat && mkdir /data && chown owlat /data
COPY --from=build /src/dist/owlat /usr/local/bin/owlat
USER owlat
ENV OWLAT_DATA_DIR=/data
VOLUME /data
EXPOSE 3000 25
ENTRYPOINT ["/usr/local/bin/owlat"]
CMD ["serve"]
