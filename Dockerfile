# holdless: multi-stage build. The image runs compiled JavaScript (`node dist/main.js`, the same as
# `npm run start:prod`); TypeScript and the web bundles are built once here, not at each start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches (npm 11 runs only the install
# scripts package.json's allowScripts lists: better-sqlite3 and esbuild).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build \
 && npm prune --omit=dev && npm cache clean --force \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system holdless && useradd --system --gid holdless --home /app holdless
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY package.json config.yaml config.schema.json ./
COPY flows ./flows
COPY prompts ./prompts
RUN mkdir -p /app/data && chown -R holdless:holdless /app/data
USER holdless
EXPOSE 8080
# SIGTERM goes straight to node (no npm in between): it drains calls (telephony.drainSeconds), then exits.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
