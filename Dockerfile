# Smart Multiplug: one Node process (the SvelteKit app, the device API, Socket.IO) with its
# SQLite database on a volume at /data. docs/deploy.md has the details.
#
#   docker build -t multiplug .
#   docker run -d --name multiplug -p 3000:3000 -v multiplug-data:/data --stop-timeout 20 \
#     -e ORIGIN=https://power.example.com multiplug
#
# The image follows the package's own scripts: `npm run build` builds it and `npm start`
# runs it, whatever those scripts do. Both stages must use the same Node.js major version
# and Debian release: the better-sqlite3 addon built in the first runs in the second.

# ---- Build: the full Debian image has python3, make and g++, which better-sqlite3 needs to
# compile its native addon when no prebuilt binary can be downloaded.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- Runtime
FROM node:20-bookworm-slim
# tini is PID 1: it forwards SIGTERM (docker stop, a redeploy) to npm, npm forwards it to
# the server, and the server finishes in-flight requests and closes SQLite; tini also reaps
# zombies. Installed rather than left to `docker run --init`, which Railway does not have.
RUN apt-get update \
	&& apt-get install -y --no-install-recommends tini \
	&& rm -rf /var/lib/apt/lists/*
# NPM_CONFIG_SCRIPT_SHELL: npm runs the start script with `<shell> -c`. Debian's sh (dash)
# stays in between as the parent of node and dies of the SIGTERM that npm forwards, so the
# server never gets it; bash execs a single command, so node is npm's own child.
ENV NODE_ENV=production \
	HOST=0.0.0.0 \
	PORT=3000 \
	DB_PATH=/data/multiplug.db \
	NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
	NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root and read-only to the server: it writes only to /data.
COPY --from=build /app /app
# /data is where the volume goes. No VOLUME instruction: Railway refuses Dockerfiles that
# have one, and a named volume mounted here starts out owned by `node` without it.
RUN mkdir -p /data && chown node:node /data
# The unprivileged user of the official Node.js images (uid 1000).
USER node
EXPOSE 3000
# No curl in the slim image: Node asks /health, which is 200 while SQLite answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
	CMD ["node", "-e", "require('http').get('http://127.0.0.1:'+(process.env.PORT||3000)+'/health',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "/bin/sh", "/app/scripts/docker-entrypoint.sh"]
CMD ["npm", "start"]
