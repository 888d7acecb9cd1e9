# One image for every service of the split deployment; the command picks the service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci applies these (postinstall: patch-package); see the README's Dependencies.
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY test ./test
COPY bench ./bench
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
# A larger young generation: the gateway and the subgraphs allocate many short-lived objects per request,
# and with V8's default the scavenger cost about a fifth of their CPU (README, Benchmarks).
ENV NODE_OPTIONS="--max-semi-space-size=64"
CMD ["node", "dist/src/main.js"]
