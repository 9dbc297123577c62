# syntax=docker/dockerfile:1
# Aftercare: one image for the API (with the web app at /app/), the Temporal worker and the migrate job
# (the command differs, see docker-compose.yml). Debian slim, not alpine: the
# native Temporal core-bridge of @temporalio/worker needs glibc.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
# tsc -p tsconfig.json && node dist/scripts/bundle-workflows.js -> dist/
RUN npm run build

# The browser app (web/), served by the API at /app/.
FROM ${NODE_IMAGE} AS web
WORKDIR /app/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error \
    && npm cache clean --force \
    && chown node:node /app
COPY --from=build /app/dist ./dist
COPY --from=web /app/web/dist ./web/dist
USER node
# API, API metrics, worker metrics, worker health
EXPOSE 3000 9464 9465 9466
CMD ["node", "dist/src/main.js"]
