# Release Readiness as a container: `docker build -t release-readiness .`, then see
# docs/reference/running.md for `docker run` with the variables.
# Node 26 is the current LTS line (Active LTS since October 2026).

# Build stage: every dependency, to compile TypeScript to dist/.
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, no compiler, no tests, no demo.
FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run the TypeScript compiler, which is a dev dependency.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
COPY templates ./templates
COPY bin ./bin
# The image's own unprivileged user (uid 1000); the app writes nothing to disk.
USER node
EXPOSE 3000
# Probot answers /ping with "PONG"; the slim image has no curl, so Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "./dist/probot-run.js", "./dist/index.js"]
