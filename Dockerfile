# holdless: multi-stage build, runs as a non-root user with `npm start`.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches (npm 11 runs only the install
# scripts package.json's allowScripts lists: better-sqlite3 and esbuild).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system holdless && useradd --system --gid holdless --home /app holdless
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json config.yaml config.schema.json ./
COPY src ./src
COPY web ./web
COPY flows ./flows
COPY prompts ./prompts
# npm start first bundles web/ (prestart), so web/dist and data/ must be writable by the app user.
RUN mkdir -p /app/data /app/web/dist && chown -R holdless:holdless /app/data /app/web
USER holdless
EXPOSE 8080
CMD ["npm", "start"]
