#!/bin/sh
# Installs linegate from this checkout as a systemd service on Debian 12 or Raspberry Pi OS
# Bookworm, from a clean state. Run as root on the target: sudo systemd/install.sh
#
# Needs Node.js 20.19 or later (Debian 12's own nodejs is 18: take Node 20 from NodeSource,
# https://deb.nodesource.com, or the official tarball from https://nodejs.org/dist/, see
# docs/deployment.md), npm, python3 (systemd notifications) and, for the native modules, g++ and
# make when no prebuilt binary fits.
#
# DESTDIR=/some/folder installs into that folder instead of / and leaves users, groups, file
# owners and systemctl alone: what CI does to check the result without a machine to spare.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=${DESTDIR:-}
opt=$root/opt/linegate
etc=$root/etc/linegate

say() { echo "install: $*"; }
fail() { echo "install: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node is not installed: install Node.js 20 (NodeSource or nodejs.org tarball, docs/deployment.md)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  fail "node $(node --version) is too old: linegate needs 20.19 or later (Debian 12's nodejs is 18; see docs/deployment.md)"
command -v npm >/dev/null 2>&1 || fail "npm is not installed"

# The compiled gateway: built here when the checkout has its development tools, else shipped.
if [ ! -f "$here/dist/src/cli/main.js" ]; then
  [ -x "$here/node_modules/.bin/tsc" ] || fail "no dist/ and no tsc: run 'npm ci && npm run build' in $here first"
  say "building dist/"
  (cd "$here" && npm run build >/dev/null)
fi

if [ -z "$root" ]; then
  id linegate >/dev/null 2>&1 || useradd --system --home-dir /var/lib/linegate --shell /usr/sbin/nologin linegate
  # Serial readers and scanners (dialout), USB printers (lp), GPIO (gpio, on a Raspberry Pi): only
  # the groups this machine has; the unit names none, so a PC without gpio works as well.
  for g in dialout lp gpio; do getent group "$g" >/dev/null && usermod -aG "$g" linegate; done
fi

say "copying the gateway to $opt"
mkdir -p "$opt/src" "$etc/labels" "$root/var/lib/linegate" "$root/etc/systemd/system" "$root/usr/local/bin"
rm -rf "$opt/bin" "$opt/dist" "$opt/config" "$opt/src/dashboard"
cp -r "$here/bin" "$here/dist" "$here/config" "$here/package.json" "$here/package-lock.json" "$opt/"
cp -r "$here/src/dashboard" "$opt/src/dashboard" # served from <package>/src/dashboard
cp "$here/README.md" "$opt/"
# --ignore-scripts: the package's own prepare (a build) needs tsc, which --omit=dev leaves out;
# the dependencies' install scripts (native modules) run in the rebuild after it.
(cd "$opt" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null && npm rebuild >/dev/null)

if [ ! -f "$etc/linegate.yaml" ]; then
  install -m 0640 "$here/systemd/linegate.yaml" "$etc/linegate.yaml"
  say "wrote $etc/linegate.yaml: set your PLC, printer, serial format and stations"
fi
for f in "$here"/config/labels/*.zpl; do [ -f "$etc/labels/$(basename "$f")" ] || install -m 0644 "$f" "$etc/labels/"; done
if [ ! -f "$etc/linegate.env" ]; then
  (umask 027 && echo "LINEGATE_API_TOKEN=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" > "$etc/linegate.env")
  say "wrote $etc/linegate.env with a random API token"
fi
install -m 0644 "$here/systemd/linegate.service" "$root/etc/systemd/system/linegate.service"
# `linegate …` for operators: the same environment as the service (the env file), as its user.
cat > "$root/usr/local/bin/linegate" <<'WRAP'
#!/bin/sh
# linegate's command line with the service's environment (secrets from /etc/linegate/linegate.env).
set -a
[ -r /etc/linegate/linegate.env ] && . /etc/linegate/linegate.env
set +a
exec node /opt/linegate/bin/linegate.js "$@"
WRAP
chmod 0755 "$root/usr/local/bin/linegate"

if [ -z "$root" ]; then
  chgrp -R linegate "$etc" && chmod 0750 "$etc"
  chown linegate:linegate /var/lib/linegate && chmod 0750 /var/lib/linegate
  systemctl daemon-reload
  say "next: edit /etc/linegate/linegate.yaml, then"
  say "  sudo -u linegate linegate check-config /etc/linegate/linegate.yaml"
  say "  sudo systemctl enable --now linegate && journalctl -u linegate -f"
else
  say "installed into $root (no users, owners or systemctl with DESTDIR)"
fi
