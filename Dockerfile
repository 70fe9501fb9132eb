# internet-conn serve: the monitor, its history and the status page, headless.
#   docker build -t internet-conn .
#   docker run -d --name internet-conn -p 127.0.0.1:8470:8470 -v internet-conn:/data internet-conn
#   docker logs internet-conn        # prints the status page URL with its token
# Configure with INTERNET_CONN_* variables (README, "Configuration"), e.g. -e INTERNET_CONN_TOKEN=…
# Inside a container the server must listen on 0.0.0.0, so a token is always required: set
# INTERNET_CONN_TOKEN to keep one across restarts, or read the generated one from the log.

FROM node:20-slim AS build
WORKDIR /app
# Electron and the Playwright browsers are for the desktop app and its tests, not for this image.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild esbuild
COPY . .
# Builds the CLI bundles (one per command) and the status window into dist/.
RUN node scripts/build.mjs

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production \
    INTERNET_CONN_DB=/data/history.sqlite
COPY package.json package-lock.json ./
# --ignore-scripts skips `prepare` (the build, done above); better-sqlite3 then fetches its prebuilt binding.
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 && npm cache clean --force
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8470
# The same command test/unit/serve-docker-command.test.ts runs (it checks this line).
CMD ["node", "bin/internet-conn.cjs", "serve", "--listen", "0.0.0.0:8470"]
