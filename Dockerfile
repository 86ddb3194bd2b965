# One image for the API (the default command), the worker and the CLI:
#   docker run IMAGE                                                          the API on PORT (3000)
#   docker run IMAGE node --enable-source-maps dist/main-worker.js            the worker
#   docker run IMAGE node --enable-source-maps dist/cli.js migrate            apply the migrations
# docker-compose.yml runs all three. Secrets never enter the image: they come from the
# environment at run time. tests/unit/deploy/deploy-files.test.ts holds the rules of this file.
#
# Node 24 is the newest LTS line and the newest one CI runs (.ci/run tests 20, 22 and 24);
# pinned by major so a rebuild picks up its security releases, and by Debian release (trixie)
# so the system libraries do not change under us.

# Full dependencies (tsx, esbuild, typescript…) and the sources, only to compile dist/.
FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# SCARF_ANALYTICS=false: swagger-ui-dist's install script sends no analytics from our builds.
RUN SCARF_ANALYTICS=false npm ci --no-audit --no-fund
# .dockerignore keeps tests, benches, data, .git and local files out of this copy.
COPY . .
# dist/: the entry points, their chunks and source maps, and the PGlite template an empty
# DATA_DIR starts from (composition/build.mjs).
RUN npm run build

# Production dependencies alone, in a stage of their own, so none of the build tools can leak
# into the runtime. No install scripts: none is needed at run time (the one production package
# with a script only sends install analytics).
FROM node:24-trixie-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# What runs: node, the production node_modules, dist/ and package.json (its "type": "module").
# The files belong to root and cannot be changed by the process; only /data is its own.
FROM node:24-trixie-slim AS runtime
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The image's unprivileged user (uid 1000). A named volume mounted on /data starts with
# this ownership, so the embedded store, the mailbox and a generated JWT secret can be written.
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness of the API with node's own fetch (the slim image has no curl or wget). The worker
# listens on WORKER_PORT instead: docker-compose.yml gives it its own check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Source maps on: stack traces name the TypeScript files and lines.
CMD ["node", "--enable-source-maps", "dist/main-api.js"]
