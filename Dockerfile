# llm-worker-rec: the gRPC worker (50051), the browser edge (8080) and its operations HTTP port (9464).
# Two stages: the build stage has the dev dependencies (TypeScript) and
# compiles src/ to dist/; the runtime stage has production dependencies only.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs its install scripts (see package.json "allowScripts").
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY protos ./protos
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time: the proto (gRPC and reflection) and the shipped catalog.
COPY protos ./protos
COPY catalog ./catalog
# The image's unprivileged "node" user, by its uid and gid (1000) so that
# Kubernetes' runAsNonRoot can verify it; nothing here needs root.
USER 1000:1000
EXPOSE 50051 8080 9464
# Liveness through the HTTP port; slim images have no curl, node has fetch.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts the drain (health NOT_SERVING, in-flight streams finish within SHUTDOWN_GRACE_MS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
