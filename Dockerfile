# listminder in a container: the daemon as a non-root user, its config and data in the /data volume.
#   docker build -t listminder .
#   docker run -v listminder-data:/data -p 8025:8025 listminder
# Put listminder.toml into /data (without it the embedded default runs, listening on the container's
# loopback only; set [inbound.smtp] host = "0.0.0.0" to take mail from outside).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --uid 10001 --create-home --home-dir /home/listminder listminder \
    && mkdir /data && chown listminder:listminder /data

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY templates ./templates
# The postgres extra (the asyncpg driver) is installed by default rather than behind a build argument:
# it is a self-contained wheel of a few MB that needs no system library, and with it one image serves
# both stores, so moving from the SQLite file to a shared PostgreSQL is a change of [store] url, not a
# rebuild that an admin learns about from a failed start.
RUN pip install ".[postgres]" && rm -rf /src

USER listminder
# The working directory holds listminder.toml, the SQLite file, the outbox and the heartbeat.
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8025

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["listminder", "status"]
ENTRYPOINT ["listminder"]
CMD ["run"]
