#!/bin/sh
# Entrypoint of the Docker image (under tini, which forwards signals to it and reaps zombies).
#
# The image runs as the unprivileged `node` user. Started as root instead — Railway with
# RAILWAY_RUN_UID=0, whose volumes are mounted owned by root, or `docker run --user 0` on a
# bind mount owned by root — this hands the database folder and files to `node` and drops
# to `node` before starting the server, so the server itself never runs as root.
set -eu

db_path="${DB_PATH:-./data/multiplug.db}"
db_dir=$(dirname "$db_path")

if [ "$(id -u)" = 0 ]; then
	mkdir -p "$db_dir"
	chown node:node "$db_dir"
	for f in "$db_path" "$db_path-wal" "$db_path-shm"; do
		if [ -e "$f" ]; then chown node:node "$f"; fi
	done
	exec setpriv --reuid=node --regid=node --init-groups env HOME=/home/node "$@"
fi

if [ -d "$db_dir" ] && [ ! -w "$db_dir" ]; then
	echo "The database folder $db_dir is not writable by uid $(id -u)." >&2
	echo "Give it to that user (chown $(id -u):$(id -g) on the host folder), or start the" >&2
	echo "container as root (docker run --user 0; on Railway RAILWAY_RUN_UID=0): it then hands" >&2
	echo "the folder to the node user and runs the server as node." >&2
	exit 1
fi
exec "$@"
