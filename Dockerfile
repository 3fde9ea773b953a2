# syntax=docker/dockerfile:1
# Production image: compiled server, production dependencies only, non-root user, external PostgreSQL.
# The embedded PostgreSQL (an optional dependency for `npm start` on a developer machine) is not in the image,
# so DATABASE_URL is required.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
COPY scripts ./scripts
RUN npm run build \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# Every setting the defaults would guess is explicit: JWT authentication on all interfaces (a container's port is
# reached through its own network namespace), no demo data.
ENV NODE_ENV=production \
    AUTH_MODE=jwt \
    HOST=0.0.0.0 \
    PORT=4000 \
    SEED_DEMO=false
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node schema ./schema
# DATA_DIR (/app/.data) owned by node: docker-compose.yml mounts a named volume at .data/dev-auth for the dev token
# issuer, and a new named volume takes the owner of the directory it is mounted on.
RUN mkdir -p /app/.data/dev-auth && chown -R node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node is PID 1's child-free process and receives SIGTERM directly (graceful drain in src/main.ts).
CMD ["node", "dist/src/main.js"]
