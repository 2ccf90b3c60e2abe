# holdless: multi-stage build, runs as a non-root user with `npm start` (tsx, no separate build step).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 may need a toolchain when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts=false && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system holdless && useradd --system --gid holdless --home /app holdless \
 && mkdir -p /app/data && chown holdless:holdless /app/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY flows ./flows
COPY prompts ./prompts
USER holdless
EXPOSE 8080
CMD ["npm", "start"]
